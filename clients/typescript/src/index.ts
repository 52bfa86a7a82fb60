export {
  TickplantClient,
  type ClientEvents,
  type ClientOptions,
  type ClientStats,
  type ConnectionState,
  type DuplicateEvent,
  type SubscribeOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './client.js';
export { Subscription } from './subscription.js';
export {
  AuthError,
  ChecksumError,
  ConnectionError,
  ProtocolError,
  SubscriptionError,
  TickplantError,
  UnknownSymbolError,
} from './errors.js';
export { DECIMAL_FIELDS, parseExact, type JsonValue } from './json.js';
export { checksumText, crc32, depthChecksum } from './checksum.js';
export { StreamSequence, type SeqVerdict } from './sequence.js';
export { BoundedQueue, type OverflowPolicy } from './queue.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export * from './messages.js';
