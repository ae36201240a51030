import type { HostOperations, InstallProgress } from '../host/host-operations.ts';
import type { OperationArgs, OperationName, OperationResult } from './protocol.ts';

export type OperationHandlers = {
  [Op in OperationName]: (
    args: OperationArgs<Op>,
    onProgress: (progress: InstallProgress) => void,
  ) => OperationResult<Op> | Promise<OperationResult<Op>>;
};

/** Maps each control operation's validated arguments onto the `HostOperations` call it stands for. */
export function operationHandlers(operations: HostOperations): OperationHandlers {
  return {
    install: ({ url }, onProgress) => operations.install(url, onProgress),
    uninstall: ({ app }) => operations.uninstall(app),
    list: () => operations.list(),
    open: ({ app, path }) => operations.open(app, path),
    closePage: ({ id }) => operations.closePage(id),
    syncs: ({ app }) => operations.syncs(app),
    runs: (query) => operations.runs(query),
    run: ({ app, tag }) => operations.run(app, tag),
    pause: ({ app }) => operations.pause(app),
    resume: ({ app }) => operations.resume(app),
    config: () => operations.config(),
    configSet: ({ key, value }) => operations.configSet(key, value),
    status: () => operations.status(),
  };
}
