import { alertCount, alertWords } from '../host/failure-alert-rule.ts';
import type { FailureAlert, RunSummary, SyncSummary } from '../host/host-operations.ts';
import type { AppBadge, AppRecord, SyncKind } from '../store/records.ts';

/** What the host's tray shows: a snapshot of host state, rebuilt on each host event. */
export interface TrayState {
  apps: readonly AppRecord[];
  syncs: readonly SyncSummary[];
  /** Recent runs, newest first (failures are picked from these). */
  runs: readonly RunSummary[];
  /** Tasks that keep failing, as the person was told (marked until they succeed again). */
  alerts: readonly FailureAlert[];
  online: boolean;
  startAtLogin: boolean;
}

export type TrayAction =
  | { kind: 'open-app'; appId: string }
  | { kind: 'pause'; appId: string }
  | { kind: 'resume'; appId: string }
  | { kind: 'mute'; appId: string }
  | { kind: 'unmute'; appId: string }
  | { kind: 'run'; appId: string; tag: string; syncKind: SyncKind }
  | { kind: 'manage' }
  | { kind: 'set-start-at-login'; enabled: boolean }
  | { kind: 'quit' };

export type TrayItem =
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'info'; label: string }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'separator' };

/** Failures shown under "Recent failures". */
export const TRAY_FAILURES_SHOWN = 5;
/** Alerts listed in the failures part at most; a page can make many (each fresh tag it gives up). */
export const TRAY_ALERTS_SHOWN = 10;
const LABEL_LENGTH = 60;

/**
 * Text from a manifest or a page (app names, tags, error messages) as a menu label: one line, no control
 * characters, bounded, and `&` doubled, since menus read a single `&` as a keyboard mnemonic.
 */
export function menuText(text: string, length = LABEL_LENGTH): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  const bounded = line.length > length ? `${line.slice(0, length - 1)}…` : line;
  return bounded.replaceAll('&', '&&');
}

const OUTCOME_WORDS: Record<string, string> = {
  failed: 'failed',
  'timed-out': 'timed out',
  interrupted: 'interrupted',
};

/** The mark beside a task that keeps failing or a one-off sync given up (its app, the failures part). */
export const ALERT_MARK = '⚠';

/** An app's badge in its label: " (3)" for a count, " (•)" for a flag, nothing for none. */
function badgeText(badge: AppBadge): string {
  if (badge === null) return '';
  return badge === 'flag' ? ' (•)' : ` (${badge})`;
}

function appLabel(app: AppRecord, alerts: readonly FailureAlert[]): string {
  const alerted = alerts.some((alert) => alert.appId === app.id);
  return `${menuText(app.name)}${badgeText(app.badge)}${alerted ? ` ${ALERT_MARK}` : ''}`;
}

function byName(a: AppRecord, b: AppRecord): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** One app's background-sync submenu: pause or resume, then "run now" per tag. */
function syncMenu(app: AppRecord, syncs: readonly SyncSummary[]): TrayItem {
  const tags = syncs.filter((sync) => sync.appId === app.id);
  const items: TrayItem[] = [
    app.paused
      ? {
          kind: 'action',
          label: 'Resume background sync',
          action: { kind: 'resume', appId: app.id },
          enabled: true,
        }
      : {
          kind: 'action',
          label: 'Pause background sync',
          action: { kind: 'pause', appId: app.id },
          enabled: true,
        },
    { kind: 'separator' },
  ];
  if (tags.length === 0) items.push({ kind: 'info', label: 'No background syncs registered' });
  for (const sync of tags) {
    const what = sync.kind === 'one-off' ? `one-off “${menuText(sync.tag)}”` : `“${menuText(sync.tag)}”`;
    items.push({
      kind: 'action',
      label: sync.firing ? `Running ${what}…` : `Run ${what} now`,
      action: { kind: 'run', appId: app.id, tag: sync.tag, syncKind: sync.kind },
      enabled: !sync.firing,
    });
  }
  return { kind: 'submenu', label: `${menuText(app.name)}${app.paused ? ' (paused)' : ''}`, items };
}

/** Per app, whether it may show notifications: checked = shown, unchecked = muted (recorded only). */
function notificationsMenu(apps: readonly AppRecord[]): TrayItem {
  return {
    kind: 'submenu',
    label: 'Notifications',
    items: apps.map((app) => ({
      kind: 'checkbox',
      label: `Show from ${menuText(app.name)}`,
      checked: !app.notificationsMuted,
      action: { kind: app.notificationsMuted ? 'unmute' : 'mute', appId: app.id },
    })),
  };
}

function alertItems(alerts: readonly FailureAlert[]): TrayItem[] {
  const more = alerts.length - TRAY_ALERTS_SHOWN;
  const listed = alerts.slice(0, TRAY_ALERTS_SHOWN).map(
    (alert): TrayItem => ({
      kind: 'info',
      label: [
        `${ALERT_MARK} ${menuText(alert.appName, 30)}`,
        alert.kind === 'one-off' ? `one-off “${menuText(alert.tag, 30)}”` : menuText(alert.tag, 30),
        alertWords(alert),
        ...(alert.lastError ? [menuText(alert.lastError, 50)] : []),
      ].join(' · '),
    }),
  );
  return more > 0 ? [...listed, { kind: 'info', label: `…and ${more} more (Manage apps…)` }] : listed;
}

function failuresPart(runs: readonly RunSummary[], alerts: readonly FailureAlert[]): TrayItem {
  const alerted = alertItems(alerts);
  const failures = failureItems(runs);
  if (alerted.length === 0 && failures.length === 0) return { kind: 'info', label: 'No recent failures' };
  const label =
    alerted.length === 0 ? 'Recent failures' : `Recent failures ${ALERT_MARK} ${alertCount(alerts)}`;
  const items: TrayItem[] =
    alerted.length > 0 && failures.length > 0
      ? [...alerted, { kind: 'separator' }, ...failures]
      : [...alerted, ...failures];
  return { kind: 'submenu', label, items };
}

function failureItems(runs: readonly RunSummary[]): TrayItem[] {
  return runs
    .filter((run) => run.outcome !== null && run.outcome !== 'success')
    .slice(0, TRAY_FAILURES_SHOWN)
    .map((run) => ({
      kind: 'info',
      label: [
        menuText(run.appName ?? 'removed app', 30),
        menuText(run.tag, 30),
        OUTCOME_WORDS[run.outcome ?? ''] ?? run.outcome,
        ...(run.error ? [menuText(run.error, 50)] : []),
      ].join(' · '),
    }));
}

/** The tray's context menu as a pure function of host state (main/ turns it into an Electron Menu). */
export function trayMenu(state: TrayState): TrayItem[] {
  const apps = [...state.apps].sort(byName);
  const items: TrayItem[] = [];
  if (!state.online)
    items.push({ kind: 'info', label: 'Offline: syncs wait for the network' }, { kind: 'separator' });
  if (apps.length === 0) items.push({ kind: 'info', label: 'No apps installed' });
  for (const app of apps) {
    items.push({
      kind: 'action',
      label: appLabel(app, state.alerts),
      action: { kind: 'open-app', appId: app.id },
      enabled: true,
    });
  }
  items.push({ kind: 'separator' });
  if (apps.length > 0) {
    items.push({
      kind: 'submenu',
      label: 'Background sync',
      items: apps.map((app) => syncMenu(app, state.syncs)),
    });
    items.push(notificationsMenu(apps));
  }
  const waiting = waitingToSync(state.syncs);
  if (waiting > 0)
    items.push({ kind: 'info', label: `${waiting} one-off sync${waiting === 1 ? '' : 's'} waiting` });
  items.push(failuresPart(state.runs, state.alerts));
  items.push(
    { kind: 'separator' },
    { kind: 'action', label: 'Manage apps…', action: { kind: 'manage' }, enabled: true },
    {
      kind: 'checkbox',
      label: 'Start at login',
      checked: state.startAtLogin,
      action: { kind: 'set-start-at-login', enabled: !state.startAtLogin },
    },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit PWA Host', action: { kind: 'quit' }, enabled: true },
  );
  return items;
}

/** One-off syncs not yet delivered (what an app sent while offline, or its server refused). */
function waitingToSync(syncs: readonly SyncSummary[]): number {
  return syncs.filter((sync) => sync.kind === 'one-off').length;
}

/** The tray icon's tooltip. */
export function trayTooltip(state: TrayState): string {
  const paused = state.apps.filter((app) => app.paused).length;
  const parts = [`PWA Host: ${state.apps.length} app${state.apps.length === 1 ? '' : 's'}`];
  if (paused > 0) parts.push(`${paused} paused`);
  const waiting = waitingToSync(state.syncs);
  if (waiting > 0) parts.push(`${waiting} waiting to sync`);
  if (state.alerts.length > 0) parts.push(`${alertCount(state.alerts)} ${ALERT_MARK}`);
  if (!state.online) parts.push('offline');
  return parts.join(', ');
}

/** Text beside the tray icon where the OS shows one (macOS): the mark while a task keeps failing. */
export function trayTitle(state: TrayState): string {
  return state.alerts.length > 0 ? ALERT_MARK : '';
}
