import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { workerData } from 'node:worker_threads';

/**
 * The second instance's side of the process singleton, on a worker thread so the main thread can block on
 * it as Chromium's `NotifyOtherProcessOrCreate` blocks: connect to the owner's socket (retrying while it
 * starts listening), send the launch, wait for "ACK", and set the shared flag (1 notified, 2 failed).
 */
const { socketPath, message, flag } = workerData as {
  socketPath: string;
  message: Uint8Array;
  flag: SharedArrayBuffer;
};
const state = new Int32Array(flag);

async function notifyOnce(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.on('connect', () => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(message.byteLength);
      socket.write(Buffer.concat([length, message]));
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(answer === 'ACK'));
    socket.on('error', () => resolve(false));
  });
}

let notified = false;
for (let attempt = 0; attempt < 50 && !notified; attempt++) {
  notified = await notifyOnce();
  if (!notified) await sleep(100);
}
Atomics.store(state, 0, notified ? 1 : 2);
Atomics.notify(state, 0);
