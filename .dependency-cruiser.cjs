// The arrows of the architecture, checked on every `pnpm test` (`pnpm deps:check`): no cycles; the domain
// (deciders, calendar, contracts) imports nothing infrastructural; ports import no adapter; packages import no
// service. Type-only imports count too: a cycle of types is still a cycle a reader has to untangle.

/** The domain core: pure deciders, calendars and the contracts they speak. */
const DOMAIN = '^packages/(appeal-domain|calendar|contracts|decider)/';
/** Adapters (port + technology) and everything that talks to a server, a framework or the process. */
const ADAPTERS = '(^packages/|^@appeals/)(eventstore|bus|readstore|keystore)-[a-z]+(/|$)';
const INFRASTRUCTURE = [
  ADAPTERS,
  '(^packages/|^@appeals/)(http|service-host|observability|testkit|appeal-application|appeal-http|relay|core|launcher)(/|$)',
  '^services/',
  '(^|/node_modules/)(express|kafkajs|mongodb|pg|better-sqlite3|pino|jose|helmet|http-proxy-middleware|@opentelemetry/[^/]+)(/|$)',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve is a dependency missing from its package.json (pnpm is strict).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other, directly or around a loop, cannot be read or changed one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain decides; it reads no clock, store, bus, HTTP or telemetry (ADR 0001).',
      from: { path: DOMAIN, pathNot: '\\.test\\.ts$' },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: 'analytics-is-pure',
      severity: 'error',
      comment:
        'The topics and surges algorithms are pure functions over plain data: no store, bus, HTTP, clock or vault (ADR: topics and surges).',
      from: { path: '^packages/analytics/', pathNot: '\\.test\\.ts$' },
      to: {
        path: [
          ...INFRASTRUCTURE,
          '(^packages/|^@appeals/)(eventstore|bus|readstore|personal-data|chain)(/|$)',
        ],
      },
    },
    {
      name: 'ports-import-no-adapter',
      severity: 'error',
      comment:
        'A port package (eventstore, chain, bus, readstore, personal-data) knows no adapter of itself or others.',
      from: { path: '^packages/(eventstore|chain|bus|readstore|personal-data)/', pathNot: '\\.test\\.ts$' },
      to: { path: ADAPTERS },
    },
    {
      name: 'chain-imports-no-event-store',
      severity: 'error',
      comment:
        'The tamper-evident chain declares the log it reads (ChainLog) and the store it writes (ChainStore); event stores import it, never the reverse (ADR 0011).',
      from: { path: '^packages/chain/' },
      to: { path: '(^packages/|^@appeals/)eventstore' },
    },
    {
      name: 'only-tooling-and-tests-use-the-launcher',
      severity: 'error',
      comment: 'The process launcher is tooling (ADR 0012): no package or service runs it.',
      from: { path: '^(packages|services)/' },
      to: { path: '^infra/launcher/' },
    },
    {
      name: 'packages-import-no-service',
      severity: 'error',
      comment: 'Services compose packages, never the other way round.',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|\\.turbo)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
