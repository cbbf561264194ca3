import { busContract } from '@appeals/bus/contract';
import { createKafkaBus } from './kafkaBus';
import { withTopicCleanup } from './testKafka';
import { serverUnderTest } from '@appeals/testkit/server';
import { TEST_CONSUMER_TIMINGS } from './testKafka';

const server = serverUnderTest('KAFKA_BROKERS');
const brokers = server.url;

server.describe('Kafka bus', () => {
  busContract('kafka', async () =>
    withTopicCleanup(
      createKafkaBus({
        brokers: brokers,
        clientId: 'bus-contract',
        retry: { backoffMs: [10, 20] },
        consumer: TEST_CONSUMER_TIMINGS,
      }),
      brokers,
    ),
  );
});
