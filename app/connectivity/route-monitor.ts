import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { commandDyingWithHost } from '../os/dies-with-host.ts';

/**
 * iproute2's rtnetlink listener: one line per link, address or route change, and nothing at all (a process
 * blocked in a read) while nothing changes.
 */
export const IP_MONITOR_COMMAND: readonly string[] = ['ip', '-o', 'monitor', 'link', 'address', 'route'];

export interface RouteMonitorHandlers {
  /** The kernel reported a change (several may arrive for one event: the caller coalesces). */
  onChange(): void;
  /** The monitor could not start or ended without being stopped; `reason` says why, for a log. */
  onFailure(reason: string): void;
}

export interface RouteMonitor {
  readonly pid: number | undefined;
  stop(): void;
}

/**
 * Runs `command` (by default `ip -o monitor …`) as a child that never keeps this process alive and dies
 * with it: killed on stop() and on a normal exit, and, where util-linux's setpriv exists, started with a
 * parent-death signal so a host killed outright (SIGKILL, a crash) takes it along too. Without setpriv an
 * orphaned monitor still ends at the next change it reports, on the broken pipe.
 */
export function startRouteMonitor(command: readonly string[], handlers: RouteMonitorHandlers): RouteMonitor {
  const [program, ...args] = command;
  if (!program) throw new Error('The route monitor command is empty.');
  const start = commandDyingWithHost(program, args);
  let stopped = false;
  let failed = false;
  let stderrTail = '';
  const fail = (reason: string) => {
    if (stopped || failed) return;
    failed = true;
    process.off('exit', killChild);
    handlers.onFailure(reason);
  };

  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(start.file, start.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  function killChild() {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  process.on('exit', killChild);
  // The pipes and the process would each keep the event loop alive: a monitor is never a reason to stay up.
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stderr as unknown as { unref(): void }).unref();

  child.stdout.on('data', () => {
    if (!stopped) handlers.onChange();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-500);
  });
  child.on('error', (error: NodeJS.ErrnoException) => {
    fail(
      error.code === 'ENOENT'
        ? `${program} was not found on PATH (on Debian it comes with the iproute2 package)`
        : `${program} could not be started: ${error.message}`,
    );
  });
  child.on('close', (code, signal) => {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const said = stderrTail.trim();
    // setpriv reports a missing program with 127, as a shell does.
    const missing =
      start.wrapped && code === 127 ? ` (${program} is missing? On Debian it comes with iproute2)` : '';
    fail(`${command.join(' ')} ${how}${missing}${said ? `: ${said}` : ''}`);
  });

  return {
    get pid() {
      return child.pid;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killChild);
      killChild();
    },
  };
}
