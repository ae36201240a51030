import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { execFileRunner } from '../../../app/os/command-runner.ts';
import { waitFor } from '../../helpers/settle.ts';

const SYSTEMD = '/lib/systemd/systemd';

/**
 * A real systemd user manager for one test, serving the `systemctl --user` of `env` (its XDG_RUNTIME_DIR
 * and XDG_CONFIG_HOME). systemd starts a user instance only on a machine booted with systemd (it looks for
 * /run/systemd/system), which a container is not: the manager runs in a mount namespace of its own whose
 * /run/systemd is a private tmpfs holding that directory, so the machine itself is not touched. Its
 * sockets are in the test's XDG_RUNTIME_DIR. Needs root (unshare) and Debian's `systemd`; fails, saying
 * so, without them.
 */
export async function startSystemdUserManager(t: TestContext, env: NodeJS.ProcessEnv): Promise<void> {
  const script =
    'mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system && exec "$0" --user';
  const manager = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, SYSTEMD], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  manager.stderr.setEncoding('utf8').on('data', (text: string) => {
    said += text;
  });
  let exited: string | undefined;
  manager.once('error', (error) => {
    exited = `could not run unshare: ${error.message}`;
  });
  manager.once('exit', (code, signal) => {
    exited = `exited (${code ?? signal}): ${said.trim()}`;
  });
  t.after(() => {
    if (manager.exitCode === null && manager.signalCode === null) manager.kill('SIGTERM');
  });
  await waitFor('the systemd user manager to answer', async () => {
    if (exited !== undefined)
      throw new Error(`The systemd user manager ${exited} (it needs root and the systemd package).`);
    const answer = await execFileRunner('systemctl', ['--user', 'show', '--property=Version'], env);
    return answer.exitCode === 0;
  });
}
