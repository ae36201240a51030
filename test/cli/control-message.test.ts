import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseControlMessage } from '../../app/control/control-message.ts';

const ROWS: { line: string; expected: unknown; why: string }[] = [
  {
    why: 'install progress with its detail',
    line: '{"id":1,"progress":{"step":"loading","detail":"https://news.example/"}}',
    expected: { id: 1, progress: { step: 'loading', detail: 'https://news.example/' } },
  },
  {
    why: 'install progress without a detail',
    line: '{"id":"a","progress":{"step":"done"}}',
    expected: { id: 'a', progress: { step: 'done' } },
  },
  {
    why: 'a result',
    line: '{"id":2,"ok":true,"result":[{"id":"app-news"}]}',
    expected: { id: 2, ok: true, result: [{ id: 'app-news' }] },
  },
  {
    why: 'the null result of an operation that returns nothing',
    line: '{"id":2,"ok":true,"result":null}',
    expected: { id: 2, ok: true, result: null },
  },
  {
    why: 'an error for a request the server could not tell',
    line: '{"id":null,"ok":false,"error":{"code":"request-too-large","message":"too long"}}',
    expected: { id: null, ok: false, error: { code: 'request-too-large', message: 'too long' } },
  },
  {
    why: 'an error code this client does not know is kept (it reads as internal)',
    line: '{"id":3,"ok":false,"error":{"code":"from-the-future","message":"new"}}',
    expected: { id: 3, ok: false, error: { code: 'from-the-future', message: 'new' } },
  },
  {
    why: 'an event, its data as the host sent it',
    line: '{"event":"run-finished","data":{"id":7}}',
    expected: { event: 'run-finished', data: { id: 7 } },
  },
  {
    why: 'fields beyond the message are dropped',
    line: '{"id":4,"ok":true,"result":1,"extra":"x","__proto__":{"polluted":true}}',
    expected: { id: 4, ok: true, result: 1 },
  },
  { why: 'not JSON', line: '{"id":1,', expected: undefined },
  { why: 'not an object', line: '[1,2]', expected: undefined },
  { why: 'null', line: 'null', expected: undefined },
  { why: 'no ok, no progress, no event', line: '{"id":1,"result":2}', expected: undefined },
  { why: 'a reply with no result', line: '{"id":1,"ok":true}', expected: undefined },
  { why: 'an event with no data', line: '{"event":"run-finished"}', expected: undefined },
  { why: 'ok is not a boolean', line: '{"id":1,"ok":"yes","result":2}', expected: undefined },
  { why: 'a fractional id', line: '{"id":1.5,"ok":true,"result":2}', expected: undefined },
  { why: 'an id past 200 characters', line: `{"id":"${'x'.repeat(201)}","ok":true}`, expected: undefined },
  {
    why: 'an error without a message',
    line: '{"id":1,"ok":false,"error":{"code":"x"}}',
    expected: undefined,
  },
  {
    why: 'an error code that is not text',
    line: '{"id":1,"ok":false,"error":{"code":5,"message":"m"}}',
    expected: undefined,
  },
  { why: 'progress for no request', line: '{"id":null,"progress":{"step":"loading"}}', expected: undefined },
  {
    why: 'progress with a detail that is not text',
    line: '{"id":1,"progress":{"step":"a","detail":3}}',
    expected: undefined,
  },
  { why: 'an event this client does not know', line: '{"event":"made-up","data":{}}', expected: undefined },
];

for (const { why, line, expected } of ROWS) {
  test(`a client reads ${why}`, () => {
    assert.deepStrictEqual(parseControlMessage(line), expected);
  });
}

test('a reply whose progress does not fit is still read as the reply it also is (checked in order)', () => {
  assert.deepStrictEqual(parseControlMessage('{"id":1,"progress":5,"ok":true,"result":2}'), {
    id: 1,
    ok: true,
    result: 2,
  });
});
