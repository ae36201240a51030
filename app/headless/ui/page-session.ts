/**
 * What the UI bridge needs of one page's DevTools session: commands, and events of that page only. The
 * project's own pipe connection gives one (`pageSession`); a test may pass Playwright's CDPSession.
 */
export interface PageSession {
  send<T = Record<string, unknown>>(method: string, params?: object): Promise<T>;
  /** Subscribes to an event of this page; returns the function that unsubscribes. */
  on(event: string, handler: (params: Record<string, unknown>) => void): () => void;
}
