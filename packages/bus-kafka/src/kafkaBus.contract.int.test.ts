import { busContract } from '@appeals/bus/contract';
import { createKafkaBus } from './kafkaBus';
import { withTopicCleanup } from './testKafka';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { TEST_CONSUMER_TIMINGS } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

server.describe('Kafka bus', () => {
  busContract('kafka', async () =>
    withTopicCleanup(
      createKafkaBus({
        ...connection,
        clientId: 'bus-contract',
        retry: { backoffMs: [10, 20] },
        consumer: TEST_CONSUMER_TIMINGS,
      }),
      connection,
    ),
  );
});
