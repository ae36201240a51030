import { createHash } from 'node:crypto';

/**
 * Chromium's app id for a manifest id: the first 128 bits of its SHA-256, written with the letters a–p
 * for the hex digits. The same app gets the same id in PWA Host as in Chrome.
 */
export function appIdFor(manifestId: string): string {
  const hex = createHash('sha256').update(manifestId).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}
