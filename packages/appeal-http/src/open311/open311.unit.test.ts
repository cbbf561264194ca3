import { validationProblem } from '@appeals/http';
import { hashApiKey, open311ApiKeys } from './apiKeys';
import { open311Errors } from './edge';
import { toXml } from './format';

describe('the Open311 key registry', () => {
  it('knows a client by its key, and no one by another key', () => {
    const keys = open311ApiKeys(` city-app:${hashApiKey('s3cret')}, fms:${hashApiKey('other')} `);
    expect(keys.size).toBe(2);
    expect(keys.clientOf('s3cret')).toBe('city-app');
    expect(keys.clientOf('other')).toBe('fms');
    expect(keys.clientOf('S3cret')).toBeUndefined();
    expect(open311ApiKeys(undefined).clientOf('s3cret')).toBeUndefined();
  });

  it('refuses an entry that is not client:sha256, naming the client and never the hash', () => {
    expect(() => open311ApiKeys('city-app:s3cret')).toThrow(/"city-app…" is not "client:<sha256/);
    expect(() => open311ApiKeys(`City App:${hashApiKey('k')}`)).toThrow(/City App/);
  });
});

describe('an Open311 answer in XML', () => {
  it('escapes text, repeats list items under their GeoReport v2 names, and leaves out absent values', () => {
    const xml = toXml('service_definition', undefined, {
      service_code: 'a&b',
      attributes: [{ code: 'region', values: [{ key: '1', name: '<Astana>' }], note: null }],
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>a&amp;b</service_code>' +
        '<attributes><attribute><code>region</code><values><value><key>1</key><name>&lt;Astana&gt;</name>' +
        '</value></values></attribute></attributes></service_definition>',
    );
    expect(toXml('services', 'service', [{ metadata: true }, { metadata: false }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><metadata>true</metadata></service>' +
        '<service><metadata>false</metadata></service></services>',
    );
  });
});

describe('an Open311 error answer', () => {
  it('has one entry per field, named as the client sent it, with the HTTP status as the code', () => {
    const problem = validationProblem([
      { field: 'body.service_code', message: 'required' },
      { field: 'query.status', message: 'unknown' },
    ]);
    expect(open311Errors(problem)).toEqual([
      { code: 400, description: 'service_code: required' },
      { code: 400, description: 'status: unknown' },
    ]);
  });
});
