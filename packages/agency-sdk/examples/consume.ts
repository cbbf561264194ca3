// A runnable agency consumer to copy: prints one JSON line per event of your agency's topic and keeps its place in
// the consumer group, so a restart goes on where it stopped. Run it with
//   AGENCY_ID=mon KAFKA_BROKERS=127.0.0.1:59092 KAFKA_USERNAME=agency-mon KAFKA_PASSWORD=… \
//     pnpm --filter @appeals/agency-sdk example
// (docs/agencies.md says where the credentials come from). Ctrl-C (or SIGTERM) stops it cleanly.
import { startAgencyConsumer, type AgencyEvent } from '../src';
import { loadEnv } from './env';

/** What your system does with each event; here, one line. It must be idempotent: an event may come twice. */
function summary(event: AgencyEvent): string {
  switch (event.type) {
    case 'AppealRouted':
      return `routed to ${event.data.agencyId} by ${event.data.by}`;
    case 'AppealRegistered':
      return `registered as ${event.data.registrationNumber}`;
    case 'ComplaintFiled':
      return `complaint (${event.data.kind}) to ${event.data.higherAgencyId}`;
    case 'AnswerSent':
      return 'answer sent';
    default:
      return event.type;
  }
}

async function main(): Promise<void> {
  const env = loadEnv();
  const consumer = await startAgencyConsumer(
    {
      agencyId: env.AGENCY_ID,
      brokers: env.KAFKA_BROKERS,
      sasl: {
        mechanism: env.KAFKA_SASL_MECHANISM,
        username: env.KAFKA_USERNAME,
        password: env.KAFKA_PASSWORD,
      },
      ssl: env.KAFKA_SSL === 'true',
      name: env.AGENCY_GROUP,
      // something this SDK cannot read (an event newer than it: upgrade it): say so and go on. Leave this out to
      // stop there instead, and resume at that message after upgrading.
      onUndecodable: (error, message) => {
        console.error(
          JSON.stringify({ skipped: `${message.partition}/${message.offset}`, error: error.message }),
        );
      },
    },
    (event) => {
      console.log(
        JSON.stringify({
          id: event.id,
          appealId: event.appealId,
          type: event.type,
          version: event.version,
          writtenVersion: event.writtenVersion,
          time: event.time,
          summary: summary(event),
        }),
      );
    },
  );
  console.error(`consuming ${consumer.topic} as group ${consumer.groupId}`);
  const stop = () => void consumer.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await consumer.done;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
