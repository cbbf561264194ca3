const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'v']);

/** A pino JSON line as a person reads it: time, level, message, then the other fields compactly. */
export function humanLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
    const level = LEVELS[entry.level as number] ?? String(entry.level ?? '');
    const rest = Object.entries(entry)
      .filter(([key]) => !QUIET_FIELDS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${time} ${level.padEnd(5)} ${String(entry.msg ?? '')}${rest ? `  ${rest}` : ''}`;
  } catch {
    return line;
  }
}
