import { EventEmitter } from 'node:events';
import { cancelableEvent } from './app.ts';
import { report } from './report.ts';

/** What the stand-in needs of the web contents a download happens in, and of its window. */
export interface DownloadingContents {
  readonly id: number;
  /** `BrowserWindow.fromWebContents`: the window showing the contents, if any. */
  readonly owner: { readonly id: number; isVisible(): boolean; isDestroyed(): boolean } | undefined;
}

/**
 * `DownloadItem` (shell/browser/api/electron_api_download_item.cc, docs/api/download-item.md) for a
 * download the session's real Chromium began and denied (no file is ever written here): `cancel()` ends it
 * with `done` and the state `cancelled`; `setSavePath` only means something inside `will-download`.
 */
export class StandInDownloadItem extends EventEmitter {
  readonly #url: string;
  readonly #filename: string;
  readonly #initiatorOrigin: string;
  #state: 'progressing' | 'cancelled' = 'progressing';
  #savePath = '';

  constructor(details: { url: string; filename: string; initiatorOrigin: string }) {
    super();
    this.#url = details.url;
    this.#filename = details.filename;
    this.#initiatorOrigin = details.initiatorOrigin;
  }

  getURL(): string {
    return this.#url;
  }

  getFilename(): string {
    return this.#filename;
  }

  getInitiatorOrigin(): string {
    return this.#initiatorOrigin;
  }

  getState(): string {
    return this.#state;
  }

  getSavePath(): string {
    return this.#savePath;
  }

  setSavePath(path: string): void {
    this.#savePath = path;
  }

  setSaveDialogOptions(_options: unknown): void {}

  /** `DownloadItem::Cancel` → the item is done, `cancelled` (`OnDownloadUpdated` emits `done`). */
  cancel(): void {
    if (this.#state !== 'progressing') return;
    this.#state = 'cancelled';
    process.nextTick(() => this.emit('done', cancelableEvent(), 'cancelled'));
  }
}

/**
 * A download begins in a session's page. shell/browser/api/electron_api_session.cc `OnDownloadCreated`
 * emits `will-download` (event, item, web contents or null); `preventDefault()` cancels and removes the
 * item. Otherwise the download manager delegate (shell/browser/electron_download_manager_delegate.cc
 * `DetermineDownloadTarget`, `OnDownloadPathGenerated`) saves to the path the handler set, or shows the
 * save dialog — parented to the contents' window whether it is shown or not, detached with none. What
 * Electron would have done is reported as `download` with its `outcome`; a dialog is answered as a person
 * who chose Cancel (`OnDownloadSaveDialogDone` with no path cancels the download).
 */
export function beginDownload(
  session: EventEmitter & { partition: string },
  item: StandInDownloadItem,
  contents: DownloadingContents | null,
): void {
  const event = cancelableEvent();
  session.emit('will-download', event, item, contents);
  const details = {
    partition: session.partition,
    contents: contents?.id ?? null,
    url: item.getURL(),
    filename: item.getFilename(),
  };
  if (event.defaultPrevented) {
    report('download', { ...details, outcome: 'prevented' });
    return;
  }
  if (item.getState() === 'cancelled') {
    report('download', { ...details, outcome: 'cancelled' });
    return;
  }
  if (item.getSavePath() !== '') {
    report('download', { ...details, outcome: 'saved', path: item.getSavePath() });
    return;
  }
  const window = contents?.owner && !contents.owner.isDestroyed() ? contents.owner : undefined;
  report('download', {
    ...details,
    outcome: 'save-dialog',
    window: window?.id ?? null,
    windowShown: window?.isVisible() ?? false,
  });
  item.cancel();
}
