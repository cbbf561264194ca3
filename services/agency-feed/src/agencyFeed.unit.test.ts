import { randomUUID } from 'node:crypto';
import { fileLinkedAppeals } from '@appeals/appeal-application';
import type { DeliveredMessage } from '@appeals/bus';
import { Topics, fromEventMessage, toEventMessage } from '@appeals/contracts';
import { toEnvelope } from '@appeals/relay';
import { BOSTANDYK, actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { agencyMessages, agencyMessagesOfBatch, agencyOf, startAgencyFeed } from './agencyFeed';

// The agency feed on the test platform (in-memory event store → relay → in-process bus → feed → agency topics),
// read back as an agency's consumer would: one group per agency topic, duplicates recognised by ce_id.

const ALMATY = 'akimat-almaty';
const MON = 'mon';
const AGENCIES = [BOSTANDYK, ALMATY, MON];

let s: TestPlatform;
/** what each agency topic carried, in delivery order */
let received: Map<string, DeliveredMessage[]>;

beforeEach(async () => {
  s = createTestPlatform();
  received = new Map(AGENCIES.map((id) => [id, []]));
  await startAgencyFeed(s);
  for (const agencyId of AGENCIES) {
    await s.bus.subscribe({
      groupId: `agency.${agencyId}.test`,
      topics: [Topics.agency(agencyId)],
      handler: async (m) => void received.get(agencyId)!.push(m),
    });
  }
});
afterEach(() => s.stop());

/** One agency's view: the (appeal, event type) pairs it got, each event once (by ce_id), in first-seen order. */
function seenBy(agencyId: string): string[] {
  const ids = new Set<string>();
  const out: string[] = [];
  for (const m of received.get(agencyId)!) {
    if (ids.has(m.headers.ce_id!)) continue;
    ids.add(m.headers.ce_id!);
    out.push(`${m.key}:${fromEventMessage(m).type}`);
  }
  return out;
}

const forward = (appealId: string, toAgencyId: string, scope: 'whole' | 'part', childAppealId?: string) =>
  s.commands.execute(
    appealId,
    {
      type: 'ForwardAppeal',
      now: s.clock(),
      actor: actors.registrar,
      data: {
        toAgencyId,
        scope,
        reason: 'not ours',
        ...(childAppealId ? { childAppealId, partDescription: 'the school part' } : {}),
      },
    },
    { service: 'routing' },
  );

const assign = (appealId: string) =>
  s.commands.execute(
    appealId,
    { type: 'AssignExecutors', now: s.clock(), actor: actors.head, data: { executorIds: ['exec-b'] } },
    { service: 'response' },
  );

describe('agencyOf', () => {
  const routed = (agencyId: string) => ({ type: 'AppealRouted', data: { agencyId } });
  it('is undefined until the appeal is routed, then follows routing and whole forwards only', () => {
    expect(agencyOf([{ type: 'AppealSubmitted', data: {} }])).toBeUndefined();
    expect(agencyOf([routed('a')])).toBe('a');
    expect(
      agencyOf([routed('a'), { type: 'AppealForwarded', data: { scope: 'whole', toAgencyId: 'b' } }]),
    ).toBe('b');
    expect(
      agencyOf([routed('a'), { type: 'AppealForwarded', data: { scope: 'part', toAgencyId: 'b' } }]),
    ).toBe('a');
    expect(agencyOf([routed('a'), { type: 'ComplaintFiled', data: { higherAgencyId: 'b' } }])).toBe('a');
  });
});

describe('the agency feed', () => {
  it('gives an agency the whole history of an appeal routed to it, then each new event, and nothing of others', async () => {
    const mine = await s.submitAppeal();
    const theirs = await s.submitAppeal();
    await s.settled();
    expect(seenBy(BOSTANDYK)).toEqual([]); // registered, not routed yet: no agency sees it
    await s.route(mine);
    await s.route(theirs, MON);
    await assign(mine);
    await s.settled();

    expect(seenBy(BOSTANDYK)).toEqual([
      `${mine}:AppealSubmitted`,
      `${mine}:AppealRegistered`,
      `${mine}:AppealRouted`,
      `${mine}:ExecutorsAssigned`,
    ]);
    expect(seenBy(MON)).toEqual([
      `${theirs}:AppealSubmitted`,
      `${theirs}:AppealRegistered`,
      `${theirs}:AppealRouted`,
    ]);
    expect(seenBy(ALMATY)).toEqual([]);
    // key = appeal id, the value is the event store's envelope
    for (const m of received.get(MON)!) expect(fromEventMessage(m).stream).toBe(`appeal-${m.key}`);
  });

  it('moves a case forwarded whole: the old agency gets the forward and nothing after, the new one the history', async () => {
    const id = await s.routedAppeal();
    await forward(id, ALMATY, 'whole');
    await s.settled();
    await assign(id); // after the forward: the new agency's work
    await s.settled();

    expect(seenBy(BOSTANDYK)).toEqual([
      `${id}:AppealSubmitted`,
      `${id}:AppealRegistered`,
      `${id}:AppealRouted`,
      `${id}:AppealForwarded`,
    ]);
    expect(seenBy(ALMATY)).toEqual([
      `${id}:AppealSubmitted`,
      `${id}:AppealRegistered`,
      `${id}:AppealRouted`,
      `${id}:AppealForwarded`,
      `${id}:ExecutorsAssigned`,
    ]);
  });

  it('keeps a case forwarded in part with its agency; the part, a linked appeal, goes to the receiving body', async () => {
    const id = await s.routedAppeal();
    const child = randomUUID();
    await forward(id, MON, 'part', child);
    await fileLinkedAppeals(s.commands, id, { service: 'routing' }); // the part, from the recorded forward
    await s.route(child, MON); // as the routing rules route an addressed appeal
    await assign(id);
    await s.settled();

    expect(seenBy(BOSTANDYK).filter((e) => e.startsWith(id))).toEqual([
      `${id}:AppealSubmitted`,
      `${id}:AppealRegistered`,
      `${id}:AppealRouted`,
      `${id}:AppealForwarded`,
      `${id}:ExecutorsAssigned`,
    ]);
    expect(seenBy(BOSTANDYK).some((e) => e.startsWith(child))).toBe(false);
    expect(seenBy(MON)).toEqual([
      `${child}:AppealSubmitted`,
      `${child}:AppealRegistered`,
      `${child}:AppealRouted`,
    ]);
  });

  it('is idempotent on redelivery: the same event yields the same messages (same ids, key, order)', async () => {
    const id = await s.routedAppeal();
    await s.settled();
    const first = received.get(BOSTANDYK)!.map((m) => m.headers.ce_id);
    const routed = (await s.events(id)).find((e) => e.type === 'AppealRouted')!;
    await s.bus.publish([toEventMessage(toEnvelope(routed))]); // as Kafka may after a rebalance
    await s.settled();

    const all = received.get(BOSTANDYK)!;
    expect(all.map((m) => m.headers.ce_id)).toEqual([...first, ...first]);
    expect(new Set(all.map((m) => m.key))).toEqual(new Set([id]));
    expect(seenBy(BOSTANDYK)).toHaveLength(3);
  });

  it('derives the messages from the stream alone', async () => {
    const id = await s.routedAppeal();
    const history = await s.events(id);
    expect(agencyMessages(history.slice(0, 2))).toEqual([]);
    const arrival = agencyMessages(history);
    expect(arrival.map((m) => [m.topic, m.key, m.headers.ce_id])).toEqual(
      history.map((e) => [Topics.agency(BOSTANDYK), id, e.id]),
    );
    expect(agencyMessages(history)).toEqual(arrival);
  });

  it('reads each appeal once per batch and gives what event-by-event gives, in order', async () => {
    const first = await s.routedAppeal();
    const second = await s.routedAppeal();
    const histories = [await s.events(first), await s.events(second)];
    const delivered = histories.flat().map((e) => toEventMessage(toEnvelope(e)));
    const reads: string[] = [];
    const counting = {
      ...s.store,
      readStream: (stream: string, options?: { maxCount?: number }) => {
        reads.push(stream);
        return s.store.readStream(stream, options);
      },
    };

    const batch = await agencyMessagesOfBatch(counting, delivered);

    expect(reads.sort()).toEqual([`appeal-${first}`, `appeal-${second}`].sort());
    const oneByOne = histories.flatMap((h) => h.flatMap((_, i) => agencyMessages(h.slice(0, i + 1))));
    expect(batch).toEqual(oneByOne);
  });

  it('refuses a batch with an event the store does not hold', async () => {
    const id = await s.routedAppeal();
    const [submitted] = await s.events(id);
    const stranger = toEventMessage(toEnvelope({ ...submitted!, id: randomUUID() }));
    await expect(agencyMessagesOfBatch(s.store, [stranger])).rejects.toThrow(/has no event/);
  });
});
