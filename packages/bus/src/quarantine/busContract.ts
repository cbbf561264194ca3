/// <reference types="jest" />
import { deadLetters, label, message, payload, sleep, unique, waitFor } from '../contract';
import type { Bus, DeliveredMessage } from '../port';
import { UNDECODABLE_CODE, type Quarantine } from './port';

/** A bus that quarantines into `quarantine`. */
export interface QuarantiningBusFixture {
  bus: Bus;
  quarantine: Quarantine;
  teardown?: () => Promise<void>;
}

/** What a handler throws for a message it can never decode (as contracts' UndecodableEventError does). */
class Undecodable extends Error {
  readonly code = UNDECODABLE_CODE;
}

const SETTLE_MS = 250;

/**
 * How every bus treats a message its handler can never decode: ONE attempt, then the quarantine, and the partition
 * moves on; never the retries and the dead-letter topic of a handler that failed.
 */
export function quarantiningBusContract(name: string, factory: () => Promise<QuarantiningBusFixture>): void {
  describe(`Bus quarantine contract: ${name}`, () => {
    let fixture: QuarantiningBusFixture;
    beforeEach(async () => {
      fixture = await factory();
    });
    afterEach(async () => {
      await fixture.bus.close();
      await fixture.teardown?.();
    });

    it('quarantines an undecodable message after one attempt and goes on with its partition', async () => {
      const { bus, quarantine } = fixture;
      const topic = unique('undecodable');
      const groupId = unique('group');
      const dead = await deadLetters(bus, topic);
      const attempts: number[] = [];
      const handled: string[] = [];
      await bus.subscribe({
        groupId,
        topics: [topic],
        maxAttempts: 3,
        handler: async (m) => {
          if (payload(m).seq === 0) {
            attempts.push(m.attempt);
            throw new Undecodable('Cannot decode AppealRouted (future_version): v9');
          }
          handled.push(label(m));
        },
      });
      await bus.publish([
        message(topic, 'appeal-5', 0, { ce_type: 'kz.appeals.AppealRouted.v9' }),
        message(topic, 'appeal-5', 1),
      ]);

      await waitFor(async () => handled.length >= 1 && (await quarantine.list({ groupId })).length >= 1);
      await sleep(SETTLE_MS);
      expect(attempts).toEqual([1]);
      expect(handled).toEqual(['appeal-5#1']);
      expect(dead).toEqual([]);
      const [entry] = await quarantine.list({ groupId });
      expect(entry).toMatchObject({ groupId, topic, offset: 0, key: 'appeal-5', replayRequested: false });
      expect(payload(entry as unknown as DeliveredMessage)).toEqual({ key: 'appeal-5', seq: 0 });
      expect(entry!.headers.ce_type).toBe('kz.appeals.AppealRouted.v9');
      expect(entry!.error).toContain('future_version');
    });

    it('splits a failed batch and quarantines only the undecodable message, after its one attempt alone', async () => {
      const { bus, quarantine } = fixture;
      const topic = unique('batch-undecodable');
      const groupId = unique('group');
      const dead = await deadLetters(bus, topic);
      await bus.publish([0, 1, 2, 3].map((seq) => message(topic, 'appeal-6', seq)));
      const calls: string[][] = [];
      const handled: string[] = [];
      await bus.subscribe({
        groupId,
        topics: [topic],
        maxAttempts: 5,
        batchHandler: async (messages) => {
          calls.push(messages.map((m) => `${label(m)}@${m.attempt}`));
          if (messages.some((m) => payload(m).seq === 2)) throw new Undecodable('Cannot decode (invalid)');
          handled.push(...messages.map(label));
        },
      });

      await waitFor(async () => handled.length >= 3 && (await quarantine.list({ groupId })).length >= 1);
      await sleep(SETTLE_MS);
      expect(handled).toEqual(['appeal-6#0', 'appeal-6#1', 'appeal-6#3']);
      expect(calls.flat().filter((call) => call.startsWith('appeal-6#2@'))).toEqual(
        calls[0]!.length > 1 ? ['appeal-6#2@1', 'appeal-6#2@2'] : ['appeal-6#2@1'],
      );
      expect(dead).toEqual([]);
      expect((await quarantine.list({ groupId })).map((e) => e.offset)).toEqual([2]);
    });
  });
}
