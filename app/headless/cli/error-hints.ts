import type { ApiErrorCode } from '../../base/errors.ts';

/** Which command shows what a failure was about: CLI advice, added to the host API's own messages. */
const HINTS: Partial<Record<ApiErrorCode, string>> = {
  'app-not-found': 'See `pwa-host list`.',
  'registration-not-found': 'See `pwa-host syncs`.',
  'page-not-found': 'See `pwa-host pages`.',
  'host-not-running': 'Start one with `pwa-host serve`.',
  'browser-unavailable': 'Try again once `pwa-host status` shows it running.',
};

/** `message` with the CLI's hint for `code`, if it has one. */
export function withHint(code: ApiErrorCode, message: string): string {
  const hint = HINTS[code];
  return hint === undefined ? message : `${message} ${hint}`;
}
