/**
 * When the browser behind an engine must run: the policy of the browser-on-demand setting, as a pure
 * function (the engine's lifecycle asks it whenever one of the inputs changes).
 */

/**
 * How long before a due event a stopped browser is started, so the event fires on time rather than a
 * browser start late: a start (launch, the control page, the profile's workers reported) took 4.1 s p50,
 * 7.2 s at most on a shared, loaded 2-core machine (`npm run bench -- on-demand`).
 */
export const BROWSER_START_LEAD_MS = 10_000;

export interface BrowserDemandInput {
  now: number;
  /** When the next event may fire (undefined: nothing registered, or offline so nothing can fire). */
  nextDueAt: number | undefined;
  /** The `browser-idle` setting: null keeps the browser running. */
  idleMs: number | null;
  /** App pages open in the browser (`open`, install). */
  openPages: number;
  /** Events the core is running. */
  eventsInFlight: number;
  /** Commands that hold the browser (a manual run, an install step, an uninstall). */
  pendingOps: number;
  /** When the browser was last used (an event, page or command ended, or it started); undefined: never. */
  lastUsedAt: number | undefined;
  /** Whether the browser runs now: a running browser stays for the idle window, a stopped one starts at the lead. */
  running: boolean;
  /** How long before a due event a stopped browser starts (BROWSER_START_LEAD_MS unless a test says). */
  startLeadMs?: number;
}

export interface BrowserDecision {
  run: boolean;
  /** When the answer changes with time alone (a stopped browser's start ahead of the next event). */
  reconsiderAt: number | undefined;
}

/**
 * The browser runs while anything uses it, for the idle window after its last use (so commands run one
 * after another reuse it), and while the next event is due within the idle window (a stopped one starts
 * at the start lead instead). The window is never shorter than the lead, or a browser started ahead of
 * an event would stop again at once.
 */
export function shouldBrowserRun(input: BrowserDemandInput): BrowserDecision {
  const leadMs = input.startLeadMs ?? BROWSER_START_LEAD_MS;
  if (input.idleMs === null) return { run: true, reconsiderAt: undefined };
  if (input.openPages > 0 || input.eventsInFlight > 0 || input.pendingOps > 0)
    return { run: true, reconsiderAt: undefined };
  const startAt = input.nextDueAt === undefined ? undefined : input.nextDueAt - leadMs;
  if (!input.running) {
    const due = startAt !== undefined && startAt <= input.now;
    return { run: due, reconsiderAt: due ? undefined : startAt };
  }
  const windowMs = Math.max(input.idleMs, leadMs);
  if (input.nextDueAt !== undefined && input.nextDueAt - input.now <= windowMs)
    return { run: true, reconsiderAt: undefined };
  if (input.lastUsedAt !== undefined && input.now - input.lastUsedAt < input.idleMs)
    return { run: true, reconsiderAt: input.lastUsedAt + input.idleMs };
  return { run: false, reconsiderAt: startAt };
}
