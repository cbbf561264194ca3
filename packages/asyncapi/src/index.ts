export {
  asyncApiDocument,
  asyncApiRoute,
  createAsyncApiDocument,
  messageId,
  type AsyncApiDocument,
  type AsyncApiOptions,
} from './document';
export { CHANNELS, AGENCY_ADDRESS, type ChannelSpec } from './channels';
export { HEADER_DESCRIPTIONS, eventHeaderNames } from './headers';
