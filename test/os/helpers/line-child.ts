import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitUntil } from '../../../app/base/wait.ts';

export const NODE = process.execPath;

export interface Line {
  text: string;
  /** When this process read it (epoch ms). */
  at: number;
}

/**
 * A child process that speaks in stdout lines: every line is kept, and `waitFor` resolves on the first line
 * (already seen, or yet to come) that matches. stderr is kept for failure messages.
 */
export class LineChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: Line[] = [];
  #stderr = '';
  readonly #waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(argv: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
    const env = { ...process.env, ...options.env };
    // Under `node --test` this variable makes a child node report to the runner instead of printing.
    delete env.NODE_TEST_CONTEXT;
    const [command, ...args] = argv;
    if (!command) throw new Error('LineChild needs a command');
    this.process = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.process.stdout }).on('line', (text) => {
      this.lines.push({ text, at: Date.now() });
      for (const wake of [...this.#waiters]) wake();
    });
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code, signal) => {
        resolve({ code, signal });
        for (const wake of [...this.#waiters]) wake();
      });
    });
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves with the first line from index `from` on that matches; rejects after `timeoutMs` or on exit. */
  waitFor(what: string, match: (text: string) => boolean, timeoutMs: number, from = 0): Promise<Line> {
    const check = () => {
      const found = this.lines.slice(from).find((line) => match(line.text));
      if (found) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null)
        throw new Error(`${what}: the child exited first.${this.#describe()}`);
      return undefined;
    };
    return waitUntil(check, {
      timeoutMs,
      onTimeout: () => {
        throw new Error(`${what}: nothing within ${timeoutMs} ms.${this.#describe()}`);
      },
      onChange: (recheck) => {
        this.#waiters.add(recheck);
        return () => this.#waiters.delete(recheck);
      },
    });
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** Closes stdin (the child's cue to finish) and waits for it to exit, killing it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.stdin.end();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #describe(): string {
    const out = this.lines.map((line) => line.text).join('\n');
    return `\n--- stdout ---\n${out}\n--- stderr ---\n${this.#stderr}`;
  }
}
