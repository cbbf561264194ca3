import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyUser, createKafkaBus, readUsersFile, type KafkaBus } from '@appeals/bus-kafka';
import { Topics, toEventMessage } from '@appeals/contracts';
import { serverUnderTest } from '@appeals/testkit/server';
import { kafkaUnderTest, kafkaUsersUnderTest } from '@appeals/testkit/kafka';

// docs/agencies.md's kcat recipe, as an agency types it, against the local broker: the command is read from the
// guide (only the broker's address, a group of this run's own and `-e`, which the guide says to add to exit at the
// end, are changed), run by a shell with `kcat` on its PATH and the agency's password in KAFKA_PASSWORD.

const server = kafkaUnderTest();
const usersFile = kafkaUsersUnderTest();
// the kcat to run (infra/local/kcat.sh path: Debian's kcat on a librdkafka new enough for Kafka 4's SCRAM)
const kcat = serverUnderTest('KCAT', 'run `infra/local/kcat.sh path` and export KCAT=<the path it prints>');
const describeAll = server.url && usersFile.url && kcat.url ? describe : describe.skip;
const AGENCY = 'mon';
const GUIDE = join(__dirname, '../../../docs/agencies.md');

/** The guide's kcat command: the first `sh` block after its "With kcat" heading, continuation lines joined. */
function guideCommand(): string {
  const guide = readFileSync(GUIDE, 'utf8');
  const section = guide.slice(guide.indexOf('## With kcat'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`no sh block under "## With kcat" in ${GUIDE}`);
  return block.replace(/\\\n\s*/g, '').trim();
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` in a shell whose PATH finds KCAT as `kcat`, with the agency's password; ends it after 60 s. */
function shell(command: string, password: string, bin: string): Promise<Run> {
  const child = spawn('sh', ['-c', command], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, KAFKA_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describeAll("the agency guide's kcat recipe (local broker)", () => {
  let feed: KafkaBus;
  let bin: string;
  const password = (user: string) => readUsersFile(usersFile.url).get(user) ?? '';

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'kcat-bin-'));
    symlinkSync(kcat.url, join(bin, 'kcat'));
    feed = createKafkaBus({
      brokers: server.brokers,
      clientId: 'kcat-recipe-test-feed',
      sasl: { mechanism: 'scram-sha-512', username: 'agency-feed', password: password('agency-feed') },
    });
  });
  afterAll(async () => {
    await feed.close();
    rmSync(bin, { recursive: true, force: true });
  });

  /** The guide's command with this run's broker and group, exiting at the end of the topic. */
  const recipe = (group: string, topic = Topics.agency(AGENCY)) => {
    const command = guideCommand();
    expect(command).toContain('-b 127.0.0.1:59092');
    expect(command).toContain('-G agency.mon.kcat appeals.agency.mon.v1');
    return command
      .replace('-b 127.0.0.1:59092', `-b ${server.brokers}`)
      .replace('-G agency.mon.kcat appeals.agency.mon.v1', `-e -G agency.mon.${group} ${topic}`);
  };

  it('prints an appeal routed to the agency, and nothing the second time (its group committed it)', async () => {
    const appealId = randomUUID();
    await feed.publish([
      toEventMessage(
        {
          id: randomUUID(),
          type: 'AppealRouted',
          stream: `appeal-${appealId}`,
          streamPosition: 1,
          globalPosition: Date.now(),
          time: new Date().toISOString(),
          data: { appealId, agencyId: AGENCY, by: 'rules' },
          metadata: { service: 'routing' },
        },
        Topics.agency(AGENCY),
      ),
    ]);
    const group = `kcat-${randomUUID()}`;
    const first = await shell(recipe(group), password(agencyUser(AGENCY)), bin);
    expect({ code: first.code, stderr: first.stderr.includes('ERROR') ? first.stderr : '' }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(first.stdout).toContain(`key=${appealId}`);
    expect(first.stdout).toContain('"type":"AppealRouted"');

    const second = await shell(recipe(group), password(agencyUser(AGENCY)), bin);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain(appealId);
  }, 120_000);

  it("is refused another agency's topic", async () => {
    const run = await shell(
      recipe(`kcat-${randomUUID()}`, Topics.agency('moh')),
      password(agencyUser(AGENCY)),
      bin,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Topic authorization failed|TOPIC_AUTHORIZATION_FAILED/);
  }, 120_000);
});
