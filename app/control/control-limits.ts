/**
 * Bounds that keep one misbehaving client (a script that connects in a loop, or writes requests and never
 * reads the replies) from growing the host without limit or locking other clients out for long.
 */
export interface ControlLimits {
  /** Connections served at once; a further one gets a `too-many-connections` error line and is closed. */
  maxConnections: number;
  /** Requests of one connection handled at once; the rest wait unread in the socket (back-pressure). */
  maxRequestsInFlight: number;
  /** Reply bytes one connection may leave unsent before it counts as a slow reader and is dropped. */
  maxUnsentReplyBytes: number;
  /** How long a connection may leave its replies undrained before it counts as a slow reader and is dropped. */
  drainTimeoutMs: number;
}

export const DEFAULT_CONTROL_LIMITS: ControlLimits = {
  maxConnections: 32,
  maxRequestsInFlight: 16,
  maxUnsentReplyBytes: 16 * 1024 * 1024,
  drainTimeoutMs: 30_000,
};
