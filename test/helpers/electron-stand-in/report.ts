import { appendFileSync } from 'node:fs';

/**
 * What a stand-in Electron process tells the test that started it: one JSON line per event, appended to
 * the file named by PWA_HOST_STAND_IN_REPORT (a first instance, its second instances and the wake-ups it
 * leaves all write to one file, each line with its pid). Commands come back over Node's IPC channel when
 * the test spawned the process with one.
 */
export const REPORT_ENV = 'PWA_HOST_STAND_IN_REPORT';

export interface ReportLine {
  pid: number;
  kind: string;
  [detail: string]: unknown;
}

export function report(kind: string, details: Record<string, unknown> = {}): void {
  const path = process.env[REPORT_ENV];
  if (!path) return;
  appendFileSync(path, `${JSON.stringify({ pid: process.pid, kind, ...details })}\n`);
}

export interface StandInCommand {
  command: string;
  [argument: string]: unknown;
}

const handlers = new Map<string, (command: StandInCommand) => unknown>();

/** Answers the test's `command` messages (the reply goes back with the same `id`). */
export function onCommand(name: string, handler: (command: StandInCommand) => unknown): void {
  handlers.set(name, handler);
}

export function listenForCommands(): void {
  if (!process.send) return;
  process.on('message', async (message: StandInCommand & { id: number }) => {
    const handler = handlers.get(message.command);
    try {
      if (!handler) throw new Error(`the stand-in has no command ${message.command}`);
      process.send?.({ id: message.id, ok: true, value: await handler(message) });
    } catch (error) {
      process.send?.({ id: message.id, ok: false, error: String(error) });
    }
  });
  // The channel must not keep a quitting app alive.
  process.channel?.unref();
}
