import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';

/** The bus's admin and producer connections, each made on first use (and again after a failed connect). */
export interface KafkaClients {
  admin(): Promise<Admin>;
  producer(): Promise<Producer>;
  /** makes no new connection from now on, and disconnects the ones made */
  close(): Promise<void>;
}

/** Connects `make()` once and shares it; a failed connect is forgotten so the next call tries again. */
function lazily<T extends { connect(): Promise<void> }>(make: () => T) {
  let ready: Promise<T> | null = null;
  return {
    get: (): Promise<T> =>
      (ready ??= (async () => {
        const client = make();
        await client.connect();
        return client;
      })().catch((error: unknown) => {
        ready = null;
        throw error;
      })),
    /** the connected client, if one was made, and forgets it */
    take: async (): Promise<T | null> => {
      const made = (await ready?.catch(() => null)) ?? null;
      ready = null;
      return made;
    },
  };
}

export function kafkaClients(kafka: Kafka): KafkaClients {
  let closed = false;
  const admin = lazily(() => kafka.admin());
  const producer = lazily(() =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2: a key lands on partitionFor(key, partitions), as in the in-process bus.
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
  );
  const open = <T>(client: { get(): Promise<T> }): Promise<T> =>
    closed ? Promise.reject(new Error('The bus is closed')) : client.get();
  return {
    admin: () => open(admin),
    producer: () => open(producer),
    async close() {
      closed = true;
      const [producerClient, adminClient] = await Promise.all([producer.take(), admin.take()]);
      await Promise.all([producerClient?.disconnect(), adminClient?.disconnect()]);
    },
  };
}
