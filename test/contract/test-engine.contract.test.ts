import { TestEngine } from '../helpers/test-engine.ts';
import { describeEngineContract, PAGE_TESTS, RecordingEngineHost } from './engine-contract.ts';

const origin = 'https://contract.example';

describeEngineContract('test engine', async () => {
  const scope = `${origin}/`;
  const engine = new TestEngine([scope]);
  const host = new RecordingEngineHost([origin]);
  await engine.start(host);
  return {
    engine,
    host,
    scope,
    missingScope: `${origin}/nothing-here/`,
    stopWorkers: async () => engine.stopWorkers(),
    unregisterWorker: async () => engine.removeWorker(scope),
    // The test engine stands in for a browser's dispatch only: it has no pages and no shim.
    expectedGaps: Object.fromEntries(
      PAGE_TESTS.map((title) => [title, 'the test engine has no browser pages']),
    ),
    teardown: () => engine.stop(),
  };
});
