import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkNonRootUser,
  checkPnpmInstall,
  checkServiceEntrypoint,
  checkStages,
  instructions,
  parseDockerfile,
  substitute,
} from './dockerfile';
import { property } from './testkit';
import { composeDir } from './yamlFiles';

const text = (): string => readFileSync(join(composeDir, 'Dockerfile'), 'utf8');
const on = (check: (d: ReturnType<typeof parseDockerfile>) => string[]) => (source: string) =>
  check(parseDockerfile(source));

describe('infra/compose/Dockerfile', () => {
  property('the image runs as a non-root user', text, on(checkNonRootUser), [
    ['USER is removed', (s) => s.replace(/^USER .*$/m, ''), 'the final stage has no USER'],
    ['USER is root', (s) => s.replace(/^USER .*$/m, 'USER root'), 'is root'],
    ['USER is uid 0', (s) => s.replace(/^USER .*$/m, 'USER 0:0'), 'is root'],
    [
      'USER comes from a variable',
      (s) => s.replace(/^USER .*$/m, 'USER ${APP_USER}'),
      'is not a literal user',
    ],
    ['a later USER switches back to root', (s) => s.replace(/^EXPOSE /m, 'USER root\nEXPOSE '), 'is root'],
  ]);

  property('it is multi-stage on node:20-bookworm-slim, with a fresh runtime stage', text, on(checkStages), [
    [
      'the base image is the full node image',
      (s) => s.replace('ARG NODE_IMAGE=node:20-bookworm-slim', 'ARG NODE_IMAGE=node:20'),
      'not node:20-bookworm-slim',
    ],
    [
      'the runtime starts from the build stage',
      (s) => s.replace('FROM ${NODE_IMAGE} AS runtime', 'FROM build AS runtime'),
      'the final stage must start FROM node:20-bookworm-slim',
    ],
    ['there is one stage', () => 'FROM node:20-bookworm-slim\nUSER node\n', 'must be multi-stage'],
  ]);

  property('it installs with the pinned pnpm from the frozen lockfile', text, on(checkPnpmInstall), [
    [
      'pnpm is another version',
      (s) => s.replace('ARG PNPM_VERSION=10.34.8', 'ARG PNPM_VERSION=9.15.0'),
      'no RUN activates pnpm@10.34.8',
    ],
    [
      'the lockfile is not frozen',
      (s) => s.replaceAll('--frozen-lockfile', ''),
      'no RUN does pnpm install --frozen-lockfile',
    ],
  ]);

  property(
    'it runs node services/$SERVICE/dist/main.js for the SERVICE build arg',
    text,
    on(checkServiceEntrypoint),
    [
      [
        'SERVICE is not kept for run time',
        (s) => s.replace(/^\s*SERVICE=\$\{SERVICE\} \\\n/m, ''),
        'does not keep SERVICE in ENV',
      ],
      [
        'CMD runs another file',
        (s) => s.replace('dist/main.js"]', 'src/main.ts"]'),
        'does not run node services/$SERVICE/dist/main.js',
      ],
      ['there is no SERVICE build arg', (s) => s.replace(/^ARG SERVICE$/gm, ''), 'no ARG SERVICE'],
    ],
  );
});

describe('the Dockerfile reader', () => {
  it('joins continued lines, skips comments, numbers instructions by their first line', () => {
    const parsed = instructions('# c\nFROM a AS b\nRUN one \\\n  # inside\n  two\nUSER 1000\n');
    expect(parsed).toEqual([
      { keyword: 'FROM', args: 'a AS b', line: 2 },
      { keyword: 'RUN', args: 'one    two', line: 3 },
      { keyword: 'USER', args: '1000', line: 6 },
    ]);
  });

  it('substitutes ARG defaults into FROM and stage variables', () => {
    const parsed = parseDockerfile(
      'ARG IMG=node:20-bookworm-slim\nARG V=1\nFROM ${IMG} AS s\nARG V\nENV X=$V Y=2\n',
    );
    expect(parsed.stages[0]).toMatchObject({
      base: 'node:20-bookworm-slim',
      name: 's',
      vars: { V: '1', X: '1', Y: '2' },
    });
    expect(substitute('${V}-$W', { V: 'a' })).toBe('a-$W');
  });
});
