import type { HostOperations } from '../host/host-operations.ts';
import type { ControlClient } from './control-client.ts';

/** `HostOperations` as seen from another process: the same calls, every one of them asynchronous. */
export type RemoteHostOperations = {
  [Op in keyof HostOperations]: (
    ...args: Parameters<HostOperations[Op]>
  ) => Promise<Awaited<ReturnType<HostOperations[Op]>>>;
};

export function remoteOperations(client: ControlClient): RemoteHostOperations {
  return {
    install: (url, onProgress) => client.request('install', { url }, onProgress),
    uninstall: (app) => client.request('uninstall', { app }),
    list: () => client.request('list', {}),
    open: (app, path) => client.request('open', { app, ...(path === undefined ? {} : { path }) }),
    closePage: (id) => client.request('closePage', { id }),
    syncs: (app) => client.request('syncs', app === undefined ? {} : { app }),
    runs: (query = {}) => client.request('runs', query),
    run: (app, tag) => client.request('run', { app, tag }),
    pause: (app) => client.request('pause', { app }),
    resume: (app) => client.request('resume', { app }),
    config: () => client.request('config', {}),
    configSet: (key, value) => client.request('configSet', { key, value }),
    status: () => client.request('status', {}),
  };
}
