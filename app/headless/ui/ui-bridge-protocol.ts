import type { ControlMessage } from '../../control/protocol.ts';

/**
 * The bridge between the UI page and `pwa-host ui` speaks the control socket's messages: the page sends
 * `{id, op, args}` requests (op: a host API operation, `subscribe` or `unsubscribe`) as JSON text through
 * the binding, and receives control messages (replies, install progress, events) through the receiver.
 */
export const BRIDGE_BINDING = 'pwaHostBridge';

/** `Symbol.for` key of the page-side function that receives the host's messages. */
export const BRIDGE_RECEIVER = 'pwa-host.bridge.receive';

export type BridgeReply = ControlMessage;
