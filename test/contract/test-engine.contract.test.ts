import { TestEngine } from '../helpers/test-engine.ts';
import { describeEngineContract, RecordingEngineHost } from './engine-contract.ts';

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
    teardown: () => engine.stop(),
  };
});
