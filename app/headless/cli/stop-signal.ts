/** After the first signal the process has this long to stop on its own before it is ended anyway. */
const STOP_DEADLINE_MS = 5000;
const EXIT_ON_SECOND_SIGNAL = 130;

/**
 * Settles on the first SIGINT or SIGTERM. From then on the process exits within STOP_DEADLINE_MS even if
 * shutting down hangs, and a second signal ends it at once.
 */
export function stopSignal(onDeadline: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', () => process.exit(EXIT_ON_SECOND_SIGNAL));
      process.once('SIGTERM', () => process.exit(EXIT_ON_SECOND_SIGNAL));
      setTimeout(onDeadline, STOP_DEADLINE_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
