// The build of every process (services, relay, gateway) into one file: dist/main.js.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/**
 * Workspace packages (`@appeals/*`, consumed as TypeScript source) are bundled in; every npm package stays an
 * external `require`, and must therefore be a dependency of the package being built (pnpm gives a package only
 * its own dependencies): the build fails naming any that is not, instead of the process failing at start.
 *
 * @param {{ entry?: Record<string, string>, cwd?: string }} [options]
 */
export function processBuild({ entry = { main: 'src/main.ts' }, cwd = process.cwd() } = {}) {
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys(pkg.dependencies ?? {}));
  /** @type {import('esbuild').Plugin} */
  const npmExternal = {
    name: 'npm-dependencies-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@appeals/')) return undefined;
        if (builtins.has(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (!declared.has(name)) {
          return {
            errors: [
              {
                text: `${name} (imported by ${args.importer}) is not a dependency of ${pkg.name}: add it to its package.json dependencies so dist/main.js can require it`,
              },
            ],
          };
        }
        return { path: args.path, external: true };
      });
    },
  };
  return defineConfig({
    entry,
    outDir: 'dist',
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: true,
    splitting: false,
    dts: false,
    noExternal: [/^@appeals\//],
    esbuildPlugins: [npmExternal],
  });
}
