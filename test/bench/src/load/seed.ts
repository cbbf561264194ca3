import type { AppealCommand } from '@appeals/appeal-domain';
import type { EventStore } from '@appeals/eventstore';
import { createEmbeddedSystem } from '@appeals/gateway';
import { actors, routeAppealCommand, sealedAppealCommand } from '@appeals/testkit';
import { randomUUID } from 'node:crypto';
import { pool } from '../stats';

/** Events one seeded appeal leaves in the log: submitted, registered, routed, assigned, hearing waived, drafted, approved, sent. */
export const EVENTS_PER_APPEAL = 8;

/** Every event in the log, counted page by page through the port. */
export async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: 5_000 });
    if (page.length === 0) return count;
    count += page.length;
    after = page.at(-1)!.checkpoint;
  }
}

/** The applicant's and the agency's commands after routing, each appeal answered on time. */
function answerCommands(): AppealCommand[] {
  const now = new Date();
  const draftId = randomUUID();
  return [
    { type: 'AssignExecutors', now, actor: actors.head, data: { executorIds: [actors.executor.id] } },
    { type: 'RecordHearing', now, actor: actors.executor, data: { held: false, reason: 'Not requested' } },
    {
      type: 'DraftAnswer',
      now,
      actor: actors.executor,
      data: {
        draftId,
        text: 'Ремонт подъезда включён в план текущего ремонта на второй квартал.',
        decisionKind: 'give_answer',
        answerCharacter: 'explained',
        language: 'ru',
      },
    },
    { type: 'ApproveAnswer', now, actor: actors.approver, data: { draftId } },
    { type: 'SendAnswer', now, actor: actors.head, data: { draftId } },
  ];
}

/**
 * Fills `dataDir` with the log of `events / 8` appeals, each filed, routed by the rules, and answered, written
 * through the application's commands into the embedded system's own files (personal data sealed under the folder's
 * master key) with nothing consuming: the system started on it afterwards handles the whole log the first time.
 */
export async function seedDataDir(
  dataDir: string,
  events: number,
  log: (line: string) => void = console.log,
): Promise<{ appeals: number; events: number; seconds: number }> {
  const t0 = performance.now();
  // the embedded system's stores, keys and commands, never started: no relay, no consumer
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  const appeals = Math.max(1, Math.round(events / EVENTS_PER_APPEAL));
  try {
    await pool(appeals, 8, async (i) => {
      const appealId = randomUUID();
      const submit = await sealedAppealCommand(system.vault, {
        appealId,
        now: new Date(),
        numbering: { type: 'dated', serial: `BENCH${String(i).padStart(6, '0')}` },
        trackingCode: `BENCH${i}`,
        applicantAccountId: `bench-citizen-${i % 1_000}`,
      });
      await system.commands.execute(appealId, submit, { service: 'intake' });
      await system.commands.execute(appealId, routeAppealCommand({ now: new Date() }), {
        service: 'routing',
      });
      for (const command of answerCommands())
        await system.commands.execute(appealId, command, { service: 'response' });
      if (i % 2_500 === 2_499) log(`  seed: ${i + 1} of ${appeals} appeals`);
    });
    return { appeals, events: await countEvents(system.store), seconds: (performance.now() - t0) / 1000 };
  } finally {
    await system.stop();
  }
}
