import { formatDuration, progressReporter } from './progress';

describe('progress lines', () => {
  it('reports the first call at once, then at most once an interval: done of about the total, rate, time left', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({
      label: 'verify-log',
      unit: 'events checked',
      rateUnit: 'events',
      total: 1_000_000,
      now: () => now,
      write: (l) => lines.push(l),
    });
    now = 500;
    report(50_000, '50000 sealed');
    now = 900;
    report(90_000, '90000 sealed'); // within the second: not reported
    now = 2_000;
    report(200_000, '199000 sealed');
    now = 2_100;
    report(210_000, undefined, true); // forced: the last report
    expect(lines).toEqual([
      'verify-log: 50000 of ~1000000 events checked (5.0 %), 50000 sealed, 100000 events/s, ETA 10s',
      'verify-log: 200000 of ~1000000 events checked (20.0 %), 199000 sealed, 100000 events/s, ETA 8s',
      'verify-log: 210000 of ~1000000 events checked (21.0 %), 100000 events/s, ETA 8s',
    ]);
  });

  it('counts the rate of this run only after a resume, and never shows a total below what is done', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({
      label: 'seed:scale',
      unit: 'events',
      total: 10,
      startDone: 6_000_000,
      now: () => now,
      write: (l) => lines.push(l),
    });
    now = 60_000;
    report(12_000_000);
    expect(lines).toEqual(['seed:scale: 12000000 of ~12000000 events (100.0 %), 100000 events/s, ETA 0s']);
  });

  it('writes durations short', () => {
    expect([0, 42, 185, 7620, 13_320, Number.POSITIVE_INFINITY].map(formatDuration)).toEqual([
      '0s',
      '42s',
      '3m05s',
      '2h07m',
      '3h42m',
      '?',
    ]);
  });
});
