import { join } from 'node:path';
import { composeDir, k8sDir, parseYaml, parseYamlFile, yamlFilesIn } from './yamlFiles';

const files = [
  ...yamlFilesIn(composeDir).map((file) => join(composeDir, file)),
  ...yamlFilesIn(k8sDir).map((file) => join(k8sDir, file)),
];

describe('every YAML file under infra/compose and infra/k8s', () => {
  it('is found (compose.yaml, otel-collector.yaml, kustomization.yaml at least)', () => {
    const names = files.map((file) => file.slice(file.lastIndexOf('/') + 1));
    expect(names).toEqual(
      expect.arrayContaining(['compose.yaml', 'otel-collector.yaml', 'kustomization.yaml']),
    );
  });

  it.each(files.map((file) => [file.replace(/^.*\/infra\//, 'infra/'), file]))(
    '%s parses without errors or warnings',
    (_label, file) => {
      const parsed = parseYamlFile(file);
      expect(parsed.problems).toEqual([]);
      expect(parsed.docs.length).toBeGreaterThan(0);
    },
  );
});

describe('the YAML reader reports', () => {
  it('a duplicate key', () => {
    expect(parseYaml('a: 1\na: 2\n', 'dup.yaml').problems).toEqual([
      expect.stringContaining('dup.yaml: Map keys must be unique'),
    ]);
  });

  it('bad indentation', () => {
    expect(parseYaml('a:\n  b: 1\n c: 2\n', 'indent.yaml').problems).not.toEqual([]);
  });

  it('an alias to an anchor that does not exist', () => {
    expect(parseYaml('a: *nowhere\n', 'alias.yaml').problems).toEqual([
      expect.stringContaining('alias.yaml'),
    ]);
  });

  it('and resolves merge keys as Compose does', () => {
    const parsed = parseYaml('base: &b\n  x: 1\nderived:\n  <<: *b\n  y: 2\n', 'merge.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.docs[0]).toEqual({ base: { x: 1 }, derived: { x: 1, y: 2 } });
  });

  it('every document of a stream, skipping empty ones', () => {
    const parsed = parseYaml('# only a comment\n---\nkind: A\n---\nkind: B\n', 'stream.yaml');
    expect(parsed.docs).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  });
});
