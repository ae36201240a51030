/**
 * How the Electron shell's UI page reaches the host: requests on one IPC channel, the host's messages
 * (replies, install progress, events) on another, both in the control socket's shapes. Only the UI page,
 * served from the shell's own scheme, may use them.
 */
export const UI_REQUEST_CHANNEL = 'pwa-host:ui-request';
export const UI_MESSAGE_CHANNEL = 'pwa-host:ui-message';

/**
 * The UI page may load only its own script, style sheet and images (icons arrive as data: URLs), and may
 * connect nowhere: it reaches the host through the object its environment injects, never the network.
 * `npm run build:ui` writes it into the page; whoever serves the page sends it as a header too.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The UI's install screen prefilled with a URL (`--install URL`): the fragment the shell opens and the UI
 * reads. The URL is only shown in the form; a person confirms the install.
 */
export const UI_INSTALL_ROUTE = '#/install/';

export function uiInstallFragment(url: string): string {
  return `${UI_INSTALL_ROUTE}${encodeURIComponent(url)}`;
}

/** Where the Electron shell serves the UI (`pwa-host://ui/index.html`). */
export const UI_PAGE_ORIGIN = 'pwa-host://ui';

/** Whether a frame's URL is the UI page: the shell's scheme and the `ui` host exactly, nothing else. */
export function isUiPageUrl(url: string): boolean {
  const parsed = URL.parse(url);
  return (
    parsed !== null &&
    parsed.protocol === 'pwa-host:' &&
    parsed.host === 'ui' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** What Electron says about the sender of a host API request (never what the page says about itself). */
export interface UiRequestSender {
  /** The sending frame's URL, or null once the frame is gone. */
  frameUrl: string | null;
  /** The frame is its window's top frame (not an iframe). */
  topFrame: boolean;
  /** The sender's session is the host UI's own (`persist:host-ui`), not the installed apps'. */
  hostUiSession: boolean;
}

/**
 * Whether the main process may answer a host API request: only the UI page itself, as the top frame of a
 * window of the host UI's session. An app window that somehow reached a pwa-host:// URL, an iframe, or a
 * frame already gone is refused.
 */
export function isUiRequestSender(sender: UiRequestSender): boolean {
  return sender.hostUiSession && sender.topFrame && sender.frameUrl !== null && isUiPageUrl(sender.frameUrl);
}
