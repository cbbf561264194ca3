import { escapeKey, fromStored, toStored, unescapeKey } from './documents';

describe('stored documents', () => {
  it('escapes only keys MongoDB cannot store, reversibly', () => {
    const keys = ['plain', 'a.b', '$set', 'a$b', '50%', '%2E', 'nul\u0000', '', 'Әлия.кз', '..$'];
    for (const key of keys) expect(unescapeKey(escapeKey(key))).toBe(key);
    expect(escapeKey('plain')).toBe('plain');
    expect(escapeKey('a$b')).toBe('a$b');
    expect(escapeKey('$a.b%')).toBe('%24a%2Eb%25');
  });

  it('flags a document with escaped keys and restores them on the way out', () => {
    const { body, escaped } = toStored({ counts: { 'x.y': 1 }, list: [{ $k: true }], _revision: 5 });

    expect(escaped).toBe(true);
    expect(body).toEqual({ counts: { 'x%2Ey': 1 }, list: [{ '%24k': true }] });
    expect(fromStored({ doc: body, _revision: 2, _escapedKeys: true })).toEqual({
      counts: { 'x.y': 1 },
      list: [{ $k: true }],
      _revision: 2,
    });
  });

  it('leaves ordinary documents unflagged', () => {
    expect(toStored({ status: 'routed', applicant: { region: '750000000' } })).toEqual({
      body: { status: 'routed', applicant: { region: '750000000' } },
      escaped: false,
    });
  });

  it('keeps a "__proto__" key as data', () => {
    const { body } = toStored(JSON.parse('{"map":{"__proto__":{"polluted":true},"a.b":1}}'));
    const restored = fromStored({ doc: body, _revision: 1, _escapedKeys: true });

    expect(Object.keys(restored.map as object)).toEqual(['__proto__', 'a.b']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('stores a string holding NUL wrapped (jsonb cannot hold NUL), flags it, and hands it back as written', () => {
    const doc = { note: 'a\u0000b %00 50%', list: ['x\u0000'], plain: '%s', keyed: { '%s': 'y' } };
    const { body, escaped } = toStored(doc);

    expect(escaped).toBe(true);
    expect(JSON.stringify(body)).not.toContain('\\u0000');
    expect(body.note).toEqual({ '%s': 'a%00b %2500 50%25' });
    expect(body.plain).toBe('%s');
    expect(fromStored({ doc: body, _revision: 1, _escapedKeys: true })).toEqual({ ...doc, _revision: 1 });
  });
});
