import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProgressLine } from '../../app/headless/cli/progress-line.ts';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

test('on a terminal: one line redrawn in place with a spinner, what it waits for and for how long; cleared at the end', async () => {
  const { writes, stream } = recorder(true);
  let now = 0;
  const progress = new ProgressLine(stream, () => now);
  progress.update('service worker: waiting for the page to register it', 10_000);
  const CLEAR = '\r\x1b[2K';
  const last = () => (writes.at(-1) ?? '').replace(CLEAR, '<clear>');
  assert.match(last(), /^<clear>. service worker: waiting for the page to register it$/);
  now = 3200;
  await sleep(250);
  assert.match(
    last(),
    /^<clear>. service worker: waiting for the page to register it \(3 s of at most 10 s\)$/,
  );
  progress.update('service worker: installing', 10_000);
  assert.doesNotMatch(last(), /\(/, 'a new step starts its own clock');
  progress.done();
  assert.equal(last(), '<clear>');
  const count = writes.length;
  await sleep(250);
  assert.equal(writes.length, count, 'nothing is drawn once done');
});

test('elsewhere: a plain line per change, no control characters, nothing redrawn', async () => {
  const { writes, stream } = recorder(false);
  const progress = new ProgressLine(stream);
  progress.update('loading https://app.example/');
  progress.update('loading https://app.example/');
  progress.update('manifest \x1b]0;title\x07');
  await sleep(250);
  progress.done();
  assert.deepEqual(writes, ['loading https://app.example/\n', 'manifest \\x1B]0;title\\x07\n']);
});
