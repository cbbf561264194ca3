export {
  startAgencyConsumer,
  type AgencyConsumer,
  type AgencyConsumerOptions,
  type AgencyEventHandler,
} from './consumer';
export {
  decodeAgencyMessage,
  headersAsText,
  type AgencyEvent,
  type AgencyEventMeta,
  type RawAgencyMessage,
} from './decode';
export { UndecodableEventError } from '@appeals/contracts';
export {
  createPlatformClient,
  type PlatformClient,
  type PlatformClientOptions,
  type PlatformPaths,
  type PlatformSchemas,
} from './http/client';
