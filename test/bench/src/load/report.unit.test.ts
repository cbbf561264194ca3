import type { CompareRow } from './compare';
import type { DriverResult } from './driver';
import { compareTable, errorNotes, ratio } from './report';

const result = (over: Partial<DriverResult>): DriverResult => ({
  base: 'http://127.0.0.1:1',
  n: 100,
  clients: 1,
  pollMs: 10,
  mode: 'poll',
  keyed: false,
  seconds: 1,
  appealsPerS: 100,
  routed: 100,
  p50: 1,
  p95: 2,
  p99: 3,
  acceptP50: 0.5,
  acceptP99: 1,
  gets: 100,
  errors: 0,
  errorSamples: [],
  timedOut: false,
  ...over,
});

const rows: CompareRow[] = [
  { system: 'CRUD baseline', clients: 1, result: result({ appealsPerS: 400 }) },
  { system: 'embedded', clients: 1, result: result({ appealsPerS: 50 }) },
  { system: 'cluster', clients: 1, missing: 'POSTGRES_URL is not set' },
  { system: 'CRUD baseline', clients: 16, result: result({ clients: 16, appealsPerS: 0 }) },
  {
    system: 'embedded',
    clients: 16,
    result: result({ clients: 16, appealsPerS: 20, errors: 2, errorSamples: ['POST 500 boom'] }),
  },
];

describe('the side-by-side report', () => {
  it('divides the project by the baseline at the same client count', () => {
    expect(ratio(rows, 'embedded', 1)).toBe('0.13×');
  });

  it('has no ratio where a side is missing or the baseline did nothing', () => {
    expect(ratio(rows, 'cluster', 1)).toBe('–');
    expect(ratio(rows, 'embedded', 16)).toBe('–');
  });

  it('prints one line per system and client count, saying why a row is missing', () => {
    const table = compareTable(rows).split('\n');
    expect(table).toHaveLength(2 + rows.length);
    expect(table[3]).toContain('| 1 | **embedded** | 100 | 50 |');
    expect(table[3]).toContain('| 0.13× |');
    expect(table[4]).toContain('POSTGRES_URL is not set');
  });

  it('says how a run that hit its deadline ended', () => {
    const late = [
      {
        system: 'cluster' as const,
        clients: 64,
        result: result({ timedOut: true, routed: 7, seconds: 120 }),
      },
    ];
    expect(compareTable(late)).toContain('7 of 100 (deadline 120 s)');
  });

  it('lists the errors of the runs that had some', () => {
    expect(errorNotes(rows)).toEqual(['- embedded, 16 clients: POST 500 boom']);
  });
});
