import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const NODE = `${ROOT}node_modules/.bin/node`;
export const MAIN = `${ROOT}app/headless/cli/main.ts`;
export const BIN = `${ROOT}bin/pwa-host`;

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real command line in a child process. Asynchronous on purpose: tests serve the control socket
 * from their own event loop while the child talks to it.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runProcess(NODE, [MAIN, ...args], env);
}

export function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const merged = { ...process.env, ...env };
  // Otherwise a child node believes it is a test-runner worker and its stdout never reaches the test.
  delete merged.NODE_TEST_CONTEXT;
  return merged;
}

export async function runProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const child = spawn(command, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const [exitCode] = (await once(child, 'close')) as [number | null];
  return { exitCode, stdout, stderr };
}

/**
 * Stops a host process the way a user would (SIGTERM), so it stops its browser too; SIGKILL only if it
 * does not exit within 8 s.
 */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
}
