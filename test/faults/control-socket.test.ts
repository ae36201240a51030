import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlClient } from '../../app/control/control-client.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { MAX_REQUEST_BYTES } from '../../app/control/request-size.ts';
import { createApiClient } from '../../app/host/api-client.ts';
import { RawConnection } from '../cli/helpers/raw-connection.ts';
import { childEnv, NODE, stopProcess } from '../cli/helpers/run-cli.ts';
import { tempDataDir } from '../helpers/harness.ts';

const CHILD = new URL('../fixtures/control-host-child.ts', import.meta.url).pathname;

interface ControlHost {
  child: ChildProcessWithoutNullStreams;
  socketPath: string;
  /** What the host logged at warn and above, one JSON object per line. */
  logged(): { level: string; message: string }[];
}

/** A real host (store, core, test engine) serving its control socket in a child process. */
async function startControlHost(t: TestContext, limits?: Record<string, number>): Promise<ControlHost> {
  const dataDir = tempDataDir(t);
  const child = spawn(NODE, [CHILD, dataDir, ...(limits ? [JSON.stringify(limits)] : [])], {
    env: childEnv(),
  });
  t.after(() => stopProcess(child));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  child.stdout.setEncoding('utf8');
  const [ready] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`the control host exited before it was ready:\n${stderr}`);
    }),
  ])) as [string];
  assert.equal(ready, 'READY\n');
  return {
    child,
    socketPath: controlSocketPath(dataDir),
    logged: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; message: string }),
  };
}

function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

async function listOverFreshClient(socketPath: string) {
  const client = await ControlClient.connect(socketPath);
  assert.ok(client, 'the host should answer');
  try {
    return await createApiClient(client).list();
  } finally {
    client.close();
  }
}

const MIB = 1024 * 1024;

/** Bounded waits: a host that never answers fails the test in seconds rather than at the runner's timeout. */
function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`${what} did not happen within ${ms} ms`);
    }),
  ]);
}

test('a client that sends thousands of requests and never reads is dropped; host memory stays bounded', async (t) => {
  // A short drain time keeps the test quick; the memory bound holds whatever the time.
  const host = await startControlHost(t, { drainTimeoutMs: 3000 });
  const pid = host.child.pid as number;
  assert.equal((await listOverFreshClient(host.socketPath)).length, 8);
  const baseline = residentBytes(pid);

  const flooder = await RawConnection.open(host.socketPath);
  t.after(() => flooder.close());
  flooder.socket.pause(); // never read a reply
  const requests = 100_000;
  const oneRequest = (id: number) => `{"id":${id},"op":"list"}\n`;
  let batch = '';
  for (let id = 1; id <= requests; id++) {
    batch += oneRequest(id);
    if (id % 1000 === 0) {
      flooder.send(batch);
      batch = '';
    }
  }
  // Each reply is a few KiB: answering every request unread would hold hundreds of MiB in the host.
  let peak = baseline;
  let dropped = false;
  void flooder.closed.then(() => {
    dropped = true;
  });
  const deadline = Date.now() + 60_000;
  while (!dropped && Date.now() < deadline) {
    peak = Math.max(peak, residentBytes(pid));
    await sleep(50);
  }
  peak = Math.max(peak, residentBytes(pid));
  const growth = peak - baseline;
  console.error(
    `control host RSS: baseline ${(baseline / MIB).toFixed(1)} MiB, peak ${(peak / MIB).toFixed(1)} MiB`,
  );
  assert.ok(
    growth < 64 * MIB,
    `the host grew by ${(growth / MIB).toFixed(1)} MiB while a client did not read`,
  );
  assert.ok(dropped, 'the host dropped the connection that did not read its replies');
  assert.ok(
    host.logged().some((entry) => entry.level === 'warn' && /did not read its replies/.test(entry.message)),
    'the drop is logged',
  );

  // A well-behaved client is answered all along.
  assert.equal((await listOverFreshClient(host.socketPath)).length, 8);
});

test('a well-behaved client is answered while another one floods the host without reading', async (t) => {
  const host = await startControlHost(t);
  const flooder = await RawConnection.open(host.socketPath);
  t.after(() => flooder.close());
  flooder.socket.pause();
  let batch = '';
  for (let id = 1; id <= 20_000; id++) batch += `{"id":${id},"op":"list"}\n`;
  flooder.send(batch);
  for (let round = 0; round < 5; round++) {
    assert.equal((await listOverFreshClient(host.socketPath)).length, 8);
  }
});

test('connections beyond the cap are refused with a message; service continues', async (t) => {
  const host = await startControlHost(t, { maxConnections: 4 });
  const held = await Promise.all(Array.from({ length: 4 }, () => RawConnection.open(host.socketPath)));
  t.after(() => {
    for (const connection of held) connection.close();
  });
  // Each held connection is served (a request on it is answered), so all four count.
  for (const [index, connection] of held.entries()) {
    connection.send(`{"id":${index},"op":"status"}\n`);
    assert.partialDeepStrictEqual(await within(connection.next(), 'a reply'), { id: index, ok: true });
  }

  const extra = await RawConnection.open(host.socketPath);
  assert.partialDeepStrictEqual(await within(extra.next(), 'a reply'), {
    id: null,
    ok: false,
    error: { code: 'too-many-connections' },
  });
  await within(extra.closed, 'closing the connection');

  // The CLI's own client reports the refusal as an error instead of hanging.
  const refused = await ControlClient.connect(host.socketPath);
  assert.ok(refused);
  await within(
    assert.rejects(createApiClient(refused).list(), { code: 'too-many-connections' }),
    'the refusal reaching the client',
  );
  refused.close();

  // The held connections still work, and once one closes a new client gets in.
  const first = held[0] as RawConnection;
  first.send('{"id":"again","op":"list"}\n');
  assert.partialDeepStrictEqual(await within(first.next(), 'a reply'), { id: 'again', ok: true });
  held.pop()?.close();
  let answered: unknown[] | undefined;
  const deadline = Date.now() + 10_000;
  while (answered === undefined && Date.now() < deadline) {
    answered = await listOverFreshClient(host.socketPath).catch(() => undefined);
    if (answered === undefined) await sleep(20);
  }
  assert.equal(answered?.length, 8);
  assert.ok(host.logged().some((entry) => /refused a control connection/.test(entry.message)));
});

test('the default cap is 32 concurrent connections', async (t) => {
  const host = await startControlHost(t);
  const held = await Promise.all(Array.from({ length: 32 }, () => RawConnection.open(host.socketPath)));
  t.after(() => {
    for (const connection of held) connection.close();
  });
  for (const [index, connection] of held.entries()) {
    connection.send(`{"id":${index},"op":"status"}\n`);
    assert.partialDeepStrictEqual(await within(connection.next(), 'a reply'), { id: index, ok: true });
  }
  const extra = await RawConnection.open(host.socketPath);
  assert.partialDeepStrictEqual(await within(extra.next(), 'a reply'), {
    error: { code: 'too-many-connections' },
  });
  await within(extra.closed, 'closing the connection');
});

test('an over-long request line gets an error and its connection is closed; the host carries on', async (t) => {
  const host = await startControlHost(t);
  const tooLong = await RawConnection.open(host.socketPath);
  tooLong.send(`{"id":1,"op":"list","pad":"${'x'.repeat(MAX_REQUEST_BYTES)}"}\n`);
  assert.partialDeepStrictEqual(await within(tooLong.next(), 'a reply'), {
    id: null,
    ok: false,
    error: { code: 'request-too-large' },
  });
  await within(tooLong.closed, 'closing the connection');
  assert.equal((await listOverFreshClient(host.socketPath)).length, 8);
});

test('a request too long to send fails alone with request-too-large; the client’s connection serves on', async (t) => {
  const host = await startControlHost(t);
  const client = await ControlClient.connect(host.socketPath);
  assert.ok(client, 'the host should answer');
  t.after(() => client.close());
  const api = createApiClient(client);
  await assert.rejects(api.install({ url: `https://app.example/${'x'.repeat(MAX_REQUEST_BYTES)}` }), {
    code: 'request-too-large',
  });
  assert.equal((await within(api.list(), 'a list on the same connection')).length, 8);
});

test('subscribe with 200,000 unknown event names is refused by its count, in a short message', async (t) => {
  const host = await startControlHost(t);
  const raw = await RawConnection.open(host.socketPath);
  // Short names, so the request stays under the size limit and reaches the check.
  const names = Array.from({ length: 200_000 }, () => 'x');
  raw.send(`${JSON.stringify({ id: 1, op: 'subscribe', args: { events: names } })}\n`);
  const reply = (await within(raw.next(), 'a reply')) as { error: { code: string; message: string } };
  assert.equal(reply.error.code, 'invalid-request');
  // One issue (the count), not one per name: checking 200,000 names held the event loop for seconds.
  assert.ok(reply.error.message.length < 1000, `a ${reply.error.message.length}-character message`);
  assert.match(reply.error.message, /<=\d+ items/);
  assert.equal((await listOverFreshClient(host.socketPath)).length, 8);
});
