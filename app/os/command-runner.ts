import { execFile } from 'node:child_process';

export interface CommandResult {
  /** The exit code, or null when the program could not be started or was killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the program did not run to an exit code (not found, timed out, killed), if it did not. */
  failure?: string;
}

/** Runs an OS tool (systemctl, schtasks, launchctl). Never rejects: installers decide what a failure means. */
export type CommandRunner = (file: string, args: string[], env: NodeJS.ProcessEnv) => Promise<CommandResult>;

const TIMEOUT_MS = 30_000;

export const execFileRunner: CommandRunner = (file, args, env) =>
  new Promise((resolve) => {
    execFile(file, args, { env, timeout: TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ exitCode: 0, stdout, stderr });
        return;
      }
      const exitCode = typeof error.code === 'number' ? error.code : null;
      resolve({
        exitCode,
        stdout,
        stderr,
        ...(exitCode === null
          ? { failure: error.code === 'ENOENT' ? `${file} not found` : error.message }
          : {}),
      });
    });
  });

/** One line saying why a command did not succeed, for logs and notes. */
export function describeFailure(file: string, args: string[], result: CommandResult): string {
  const detail =
    result.failure ?? (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`);
  return `${[file, ...args].join(' ')}: ${detail.split('\n')[0]}`;
}
