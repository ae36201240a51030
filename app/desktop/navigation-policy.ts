/**
 * Where an installed app's window may go. The scope is the manifest's (an URL prefix, as the install flow
 * stores it); a page is untrusted, so every URL it hands over is parsed here, never trusted as a string.
 */

/** Schemes the default browser or mail client may receive; anything else (file:, javascript:, custom
 * schemes that launch local programs) never leaves the app. */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** `url` lies inside the app's scope: same origin, and its path under the scope's path. */
export function isInScope(url: string, scope: string): boolean {
  const target = URL.parse(url);
  const base = URL.parse(scope);
  if (target === null || base === null) return false;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (target.origin !== base.origin) return false;
  // Compare normalised paths, so /app/../admin never passes as /app/.
  return target.pathname.startsWith(base.pathname);
}

/**
 * The header fields of RFC 6068 a mailto: link may carry. Others are refused: some mail clients have taken
 * `attach=` (or `attachment=`) as a local file to attach, so a page could mail itself the person's files.
 */
const MAILTO_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body', 'in-reply-to']);

/** The URL, normalised, if the default browser or mail client may open it; otherwise null. */
export function externalUrl(url: string): string | null {
  const parsed = URL.parse(url);
  if (parsed === null || !EXTERNAL_SCHEMES.has(parsed.protocol)) return null;
  // Credentials in a link are a phishing trick (https://bank.example@evil.example/); never pass them on.
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === 'mailto:') {
    for (const field of parsed.searchParams.keys()) if (!MAILTO_FIELDS.has(field.toLowerCase())) return null;
  }
  return parsed.href;
}

export type NavigationDecision =
  | { kind: 'allow' }
  | { kind: 'open-external'; url: string }
  | { kind: 'deny'; reason: string };

/** A navigation of an app window (a link, a form, a script setting location). */
export function decideNavigation(url: string, scope: string): NavigationDecision {
  if (isInScope(url, scope)) return { kind: 'allow' };
  const external = externalUrl(url);
  if (external !== null) return { kind: 'open-external', url: external };
  return { kind: 'deny', reason: `not an http, https or mailto URL outside the app: ${url.slice(0, 200)}` };
}

export type WindowOpenDecision =
  | { kind: 'app-window'; url: string }
  | { kind: 'open-external'; url: string }
  | { kind: 'deny'; reason: string };

/** `window.open` or a `target=_blank` link: in scope another window of the app, outside the default browser. */
export function decideWindowOpen(url: string, scope: string): WindowOpenDecision {
  const decision = decideNavigation(url, scope);
  return decision.kind === 'allow' ? { kind: 'app-window', url } : decision;
}
