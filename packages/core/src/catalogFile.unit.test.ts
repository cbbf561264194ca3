import { demoCatalog } from '@appeals/reference-data';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogFileError, loadCatalog } from './catalogFile';

const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
const fileWith = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const demo = () => structuredClone(demoCatalog().data);

describe('loadCatalog (CATALOG_FILE)', () => {
  it('is the demo seed when no file is given', () => {
    expect(loadCatalog(undefined).data).toEqual(demoCatalog().data);
  });

  it('reads a valid file', () => {
    const data = demo();
    data.categories = data.categories.slice(0, 2);
    const catalog = loadCatalog(fileWith('valid.json', data));
    expect(catalog.data.categories.map((c) => c.id)).toEqual(data.categories.map((c) => c.id));
    expect(catalog.root()).toBe(demoCatalog().root());
  });

  it('names every bad field, with the file', () => {
    const data = demo() as unknown as { agencies: Array<Record<string, unknown>>; regions: unknown };
    data.agencies[2]!.id = 'Not An Id';
    delete data.regions;
    const file = fileWith('bad-fields.json', data);
    let error: unknown;
    try {
      loadCatalog(file);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CatalogFileError);
    expect((error as CatalogFileError).message).toContain(`CATALOG_FILE ${file} is not a valid catalog`);
    expect((error as CatalogFileError).problems).toEqual([
      expect.stringMatching(/^regions: /),
      expect.stringMatching(/^agencies\[2\]\.id: /),
    ]);
  });

  it('refuses a file that is not JSON, or missing', () => {
    expect(() => loadCatalog(fileWith('broken.json', '{ "regions": ['))).toThrow(/cannot be read as JSON/);
    expect(() => loadCatalog(join(dir, 'absent.json'))).toThrow(/absent\.json is not a valid catalog/);
  });

  it('refuses an agency tree whose parents or routing rules name unknown agencies', () => {
    const data = demo();
    data.routingRules[0]!.agencyId = 'nobody-here';
    expect(() => loadCatalog(fileWith('unknown-agency.json', data))).toThrow(/unknown agency nobody-here/);
  });
});
