export { createKafkaBus, type KafkaBus, type KafkaBusOptions, type KafkaConsumerTimings } from './kafkaBus';
