import { humanLine } from './logLines';

describe('humanLine (a child pino line as a person reads it)', () => {
  it('shows time, level and message, then the other fields compactly', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 0, 5, 10, 0, 1, 234),
      pid: 7,
      hostname: 'h',
      service: 'routing',
      msg: 'retrying',
      attempt: 2,
      err: { message: 'down' },
    });
    expect(humanLine(line)).toBe('10:00:01.234 WARN  retrying  attempt=2 err={"message":"down"}');
  });

  it('passes other lines through as they are', () => {
    expect(humanLine('plain text')).toBe('plain text');
    expect(humanLine('{not json')).toBe('{not json');
  });
});
