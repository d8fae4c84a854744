export { type EventBus, type EventBusOptions, startEventBus } from './bus.js';
export { applyEventOnce, type ConsumerOptions, consumeEvents, type EventHandlers } from './consumer.js';
export {
  type ConsumerQueue,
  consumerQueues,
  type EventEnvelope,
  type EventPayload,
  type EventType,
  eventContracts,
  isEventType,
} from './contracts.js';
export { recordEvent } from './outbox.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay.js';
