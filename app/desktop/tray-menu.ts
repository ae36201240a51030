import type { RunSummary, SyncSummary } from '../host/host-operations.ts';
import type { AppRecord } from '../store/records.ts';

/** What the host's tray shows: a snapshot of host state, rebuilt on each host event. */
export interface TrayState {
  apps: readonly AppRecord[];
  syncs: readonly SyncSummary[];
  /** Recent runs, newest first (failures are picked from these). */
  runs: readonly RunSummary[];
  online: boolean;
  startAtLogin: boolean;
}

export type TrayAction =
  | { kind: 'open-app'; appId: string }
  | { kind: 'pause'; appId: string }
  | { kind: 'resume'; appId: string }
  | { kind: 'run'; appId: string; tag: string }
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
  if (tags.length === 0) items.push({ kind: 'info', label: 'No periodic syncs registered' });
  for (const sync of tags) {
    items.push({
      kind: 'action',
      label: sync.firing ? `Running “${menuText(sync.tag)}”…` : `Run “${menuText(sync.tag)}” now`,
      action: { kind: 'run', appId: app.id, tag: sync.tag },
      enabled: !sync.firing,
    });
  }
  return { kind: 'submenu', label: `${menuText(app.name)}${app.paused ? ' (paused)' : ''}`, items };
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
      label: menuText(app.name),
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
  }
  const failures = failureItems(state.runs);
  items.push(
    failures.length > 0
      ? { kind: 'submenu', label: 'Recent failures', items: failures }
      : { kind: 'info', label: 'No recent failures' },
  );
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

/** The tray icon's tooltip. */
export function trayTooltip(state: TrayState): string {
  const paused = state.apps.filter((app) => app.paused).length;
  const parts = [`PWA Host: ${state.apps.length} app${state.apps.length === 1 ? '' : 's'}`];
  if (paused > 0) parts.push(`${paused} paused`);
  if (!state.online) parts.push('offline');
  return parts.join(', ');
}
