import { progressReporter } from './verifyLogProgress';

describe('verify-log progress lines', () => {
  it('reports the first page at once, then at most once a second: checked of about the total, rate, time left', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter(1_000_000, 0, (l) => lines.push(l), { now: () => now });
    now = 500;
    report({ events: 50_000, sealed: 50_000, prevChainHash: null });
    now = 900;
    report({ events: 90_000, sealed: 90_000, prevChainHash: null }); // within the second: not reported
    now = 2_000;
    report({ events: 200_000, sealed: 199_000, prevChainHash: null });
    expect(lines).toEqual([
      'verify-log: 50000 of ~1000000 events checked (5.0 %), 50000 sealed, 100000 events/s, ETA 10s',
      'verify-log: 200000 of ~1000000 events checked (20.0 %), 199000 sealed, 100000 events/s, ETA 8s',
    ]);
  });

  it('counts the rate of this run only after a resume, and never shows a total below what was checked', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter(10, 6_000_000, (l) => lines.push(l), { now: () => now });
    now = 60_000;
    report({ events: 12_000_000, sealed: 12_000_000, prevChainHash: null });
    expect(lines).toEqual([
      'verify-log: 12000000 of ~12000000 events checked (100.0 %), 12000000 sealed, 100000 events/s, ETA 0s',
    ]);
    const long = progressReporter(400_000_000, 0, (l) => lines.push(l), { now: () => now });
    now += 1_000;
    long({ events: 30_000, sealed: 0, prevChainHash: null });
    expect(lines.at(-1)).toMatch(/30000 events\/s, ETA 3h42m$/);
  });
});
