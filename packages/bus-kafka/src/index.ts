export { createKafkaBus, type KafkaBus, type KafkaBusOptions, type KafkaConsumerTimings } from './kafkaBus';
export {
  SASL_MECHANISMS,
  brokerList,
  kafkaClientConfig,
  type KafkaConnection,
  type KafkaSasl,
  type SaslMechanism,
} from './sasl';
export * from './access';
