import { isSecureOrigin } from './secure-origin.ts';

export const ICON_LIMITS = {
  /** Bytes one icon may have; a larger one is refused while it streams, never read whole. */
  maxBytes: 1024 * 1024,
  /** For the whole fetch of one icon, redirects and body included. */
  timeoutMs: 5000,
  maxRedirects: 3,
  /** Icons fetched per app; further ones are kept as references only. */
  maxIcons: 16,
};

/**
 * Why the host will not fetch `url` as an icon of the app at `appOrigin`, or undefined if it will.
 * https from any origin (icons often live on a CDN, and a browser would load them too); plain http only
 * from the app's own loopback origin (a developer's app), so a manifest cannot point the host at other
 * local services or at the network in clear; data: URLs only as large as an icon may be; nothing else.
 */
export function iconUrlProblem(url: URL, appOrigin: string): string | undefined {
  if (url.protocol === 'data:') {
    return url.href.length > ICON_LIMITS.maxBytes * 2 ? 'a data: URL larger than an icon may be' : undefined;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isSecureOrigin(url) && url.origin === appOrigin
      ? undefined
      : `plain http is fetched only from the app's own loopback origin (${appOrigin})`;
  }
  return `${url.protocol} URLs are not fetched`;
}

export interface FetchedIcon {
  contentType: string;
  bytes: Buffer;
}

/** Fetches one icon under ICON_LIMITS, checking every redirect target against the same rules. */
export async function fetchIcon(src: string, appOrigin: string): Promise<FetchedIcon> {
  const signal = AbortSignal.timeout(ICON_LIMITS.timeoutMs);
  let url = new URL(src);
  for (let redirects = 0; ; redirects += 1) {
    const problem = iconUrlProblem(url, appOrigin);
    if (problem) throw new Error(`refused ${url.href.slice(0, 100)}: ${problem}`);
    const response = await fetch(url, { signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (redirects >= ICON_LIMITS.maxRedirects) throw new Error('too many redirects');
      url = new URL(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    return {
      contentType: response.headers.get('content-type') ?? '',
      bytes: await readCapped(response),
    };
  }
}

async function readCapped(response: Response): Promise<Buffer> {
  const tooLarge = () => new Error(`larger than ${ICON_LIMITS.maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > ICON_LIMITS.maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.byteLength;
    if (total > ICON_LIMITS.maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
}
