import { eventDetail, indexAt, registrationNumberOf } from './history';
import type { HistoryEvent } from './types';

const ev = (type: string, time: string, data: Record<string, unknown> = {}): HistoryEvent => ({
  id: type,
  type,
  position: 0,
  globalPosition: 0,
  time,
  actor: null,
  service: null,
  correlationId: null,
  causationId: null,
  data,
});

describe("the auditor's history helpers", () => {
  const events = [
    ev('AppealSubmitted', '2026-11-27T03:00:00.000Z', {
      text: 'секрет',
      applicant: { fullName: 'X' },
      kind: 'application',
    }),
    ev('AppealRegistered', '2026-11-27T03:00:00.000Z', { registrationNumber: '20261127-ABC123' }),
    ev('AppealRouted', '2026-11-27T03:00:01.000Z', { agencyId: 'mon' }),
  ];

  it('finds the last event at or before a moment, -1 before the first', () => {
    expect(indexAt(events, Date.parse('2026-11-27T02:59:59Z'))).toBe(-1);
    expect(indexAt(events, Date.parse('2026-11-27T03:00:00Z'))).toBe(1);
    expect(indexAt(events, Date.parse('2026-11-27T03:00:00.999Z'))).toBe(1);
    expect(indexAt(events, Date.parse('2030-01-01T00:00:00Z'))).toBe(2);
  });

  it('summarises facts without free text or personal data', () => {
    expect(eventDetail(events[0] as HistoryEvent)).toBe('kind: application');
    expect(eventDetail(ev('X', '', { reason: 'r'.repeat(300) })).length).toBe(178);
  });

  it('reads the registration number from the registration event', () => {
    expect(registrationNumberOf(events)).toBe('20261127-ABC123');
    expect(registrationNumberOf([])).toBeUndefined();
  });
});
