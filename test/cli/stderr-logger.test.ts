import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stderrLogger } from '../../app/headless/cli/stderr-logger.ts';

test('the read-only commands’ logger writes warnings and errors as plain lines, and drops the rest', () => {
  const lines: string[] = [];
  const logger = stderrLogger((text) => lines.push(text));
  logger.debug({ x: 1 }, 'debug detail');
  logger.info({}, 'routine');
  logger.warn({}, 'connectivity: cannot follow route changes');
  logger.error(
    { error: 'EACCES: /proc/net/route', attempts: 2 },
    'connectivity: cannot read the routing table; keeping the last known state',
  );
  assert.deepEqual(lines, [
    'pwa-host: warning: connectivity: cannot follow route changes\n',
    'pwa-host: error: connectivity: cannot read the routing table; keeping the last known state (error: EACCES: /proc/net/route, attempts: 2)\n',
  ]);
});

test('what a log line carries cannot drive the terminal', () => {
  const lines: string[] = [];
  stderrLogger((text) => lines.push(text)).warn({ reason: 'bad\u001b[2J\nnews' }, 'failed');
  assert.deepEqual(lines, ['pwa-host: warning: failed (reason: bad\\x1B[2J news)\n']);
});
