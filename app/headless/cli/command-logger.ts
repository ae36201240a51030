import type pino from 'pino';
import { createHostLogger, LOG_ROTATION } from '../../host/host-logger.ts';
import type { Output } from './output.ts';
import { terminalText } from './terminal-text.ts';

/**
 * The host's logger for a command: the data dir's log file always gets JSON; stderr gets sentences where a
 * person reads it (a terminal, without --json) and JSON lines elsewhere, for programs and log collectors.
 */
export function commandLogger(
  dataDir: string,
  context: { json: boolean; output: Output },
  stderrLevel: pino.Level,
): pino.Logger {
  const person = context.output.errIsTerminal === true && !context.json;
  return createHostLogger(dataDir, stderrLevel, LOG_ROTATION, person ? { sentences: terminalText } : 'json');
}
