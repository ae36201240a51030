import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { childEnv, NODE } from './run-cli.ts';

/** Leaves a socket file nobody listens on, the way a SIGKILLed host does. */
export async function leaveStaleSocket(socketPath: string): Promise<void> {
  const child = spawn(
    NODE,
    [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
    ],
    { env: childEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(child.stdout, 'data');
  child.kill('SIGKILL');
  await once(child, 'close');
  if (!existsSync(socketPath)) throw new Error('expected the killed server to leave its socket file behind');
}
