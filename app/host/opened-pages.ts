import { randomBytes } from 'node:crypto';
import { HostError } from '../base/errors.ts';
import type { Clock } from '../clock/clock.ts';
import type { AppPage, BrowserPages } from '../engine/browser-pages.ts';
import { INSTALL_LIMITS } from '../install/install-app.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { OpenedPage } from './host-operations.ts';

/** The longest a Node timer holds (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface OpenedPagesOptions {
  pages: BrowserPages;
  /** The browser-idle setting now: how long an opened page stays; null keeps it until it is closed. */
  keepMs: () => number | null;
  clock: Clock;
  logger: Logger;
}

/**
 * The app pages `open` loaded, which a person lists (`pages`) and closes (`close`). Each closes by itself
 * once it has been open for the browser-idle time: an open page keeps the browser running, and one nobody
 * closes would keep it for ever. With browser-idle off the browser stays anyway, and so do the pages.
 */
export class OpenedPages {
  readonly #options: OpenedPagesOptions;
  readonly #open = new Map<string, { page: AppPage; opened: OpenedPage; timer?: NodeJS.Timeout }>();

  constructor(options: OpenedPagesOptions) {
    this.#options = options;
  }

  /** Loads `path` (default: the start URL) of `app`; refuses a page outside the app's scope or an HTTP error. */
  async open(app: AppRecord, path: string | undefined): Promise<OpenedPage> {
    const url = new URL(path ?? app.startUrl, app.startUrl);
    if (!url.href.startsWith(app.scope)) {
      throw new HostError(
        'open-outside-app',
        `${url.href} is outside ${app.name}'s scope ${app.scope}: open a page within it (a path such as ` +
          `${new URL(app.scope).pathname}…).`,
      );
    }
    const page = await this.#options.pages.openPage();
    const navigation = await page.navigate(url.href, INSTALL_LIMITS.loadTimeoutMs).catch(async (error) => {
      await page.close();
      throw error;
    });
    if (navigation.kind === 'failed' || (navigation.status ?? 0) >= 400) {
      await page.close();
      throw navigation.kind === 'failed'
        ? new HostError(
            'open-failed',
            `Opening ${url.href} failed: ${navigation.detail}. Nothing was opened.`,
          )
        : new HostError(
            'open-http-error',
            `${navigation.url} answered HTTP ${navigation.status}, so nothing was opened. Open a page ${app.name} serves.`,
          );
    }
    const now = this.#options.clock.now();
    const keepMs = this.#options.keepMs();
    const opened: OpenedPage = {
      id: this.#newId(),
      appId: app.id,
      appName: app.name,
      url: navigation.url,
      status: navigation.status ?? null,
      openedAt: now,
      closesAt: keepMs === null ? null : now + keepMs,
    };
    const entry: { page: AppPage; opened: OpenedPage; timer?: NodeJS.Timeout } = { page, opened };
    this.#open.set(opened.id, entry);
    if (opened.closesAt !== null) this.#closeAt(entry, opened.closesAt);
    // A page the browser dropped (a crash, the browser stopped) is gone from the list too.
    void page.closed.then(() => this.#forget(opened.id));
    return opened;
  }

  /** Newest last; of one app when `appId` is given. */
  list(appId?: string): OpenedPage[] {
    return [...this.#open.values()]
      .map((entry) => entry.opened)
      .filter((opened) => appId === undefined || opened.appId === appId);
  }

  async close(id: string): Promise<void> {
    const entry = this.#open.get(id);
    if (!entry) {
      throw new HostError('page-not-found', `No open page has the id ${id}.`);
    }
    this.#forget(id);
    await entry.page.close();
  }

  async closeAll(appId?: string): Promise<void> {
    await Promise.all(this.list(appId).map((opened) => this.close(opened.id).catch(() => {})));
  }

  #forget(id: string): void {
    clearTimeout(this.#open.get(id)?.timer);
    this.#open.delete(id);
  }

  #closeAt(entry: { opened: OpenedPage; timer?: NodeJS.Timeout }, at: number): void {
    const left = at - this.#options.clock.now();
    entry.timer = setTimeout(
      () => {
        if (left > MAX_TIMER_MS) return this.#closeAt(entry, at);
        this.#options.logger.info(
          { page: entry.opened.id, app: entry.opened.appId, url: entry.opened.url },
          'an opened page closed after the browser-idle time',
        );
        void this.close(entry.opened.id).catch(() => {});
      },
      Math.max(0, Math.min(left, MAX_TIMER_MS)),
    );
    entry.timer.unref();
  }

  /** Short enough to type (`pwa-host close 3f9a0c2e`), unique among the open pages. */
  #newId(): string {
    let id: string;
    do id = randomBytes(4).toString('hex');
    while (this.#open.has(id));
    return id;
  }
}
