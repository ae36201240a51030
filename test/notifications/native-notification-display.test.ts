import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { nativeImageFormats } from '../../app/desktop/window-options.ts';
import { createHost } from '../../app/host/create-host.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import {
  type NativeNotification,
  NativeNotificationDisplay,
  type NativeNotificationOptions,
  type NativeNotificationSurface,
} from '../../app/os/notifications/native-notification-display.ts';
import type { DisplayRequest } from '../../app/os/notifications/notification-display.ts';
import { fixtureApp, fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { notificationOptions } from '../helpers/notification-options.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';

/** A stand-in of Electron's Notification (an EventEmitter with show and close) and app.setBadgeCount. */
class StandInNotification extends EventEmitter implements NativeNotification {
  shown = false;
  closed = false;
  readonly options: NativeNotificationOptions;

  constructor(options: NativeNotificationOptions) {
    super();
    this.options = options;
  }

  show(): void {
    this.shown = true;
  }

  close(): void {
    this.closed = true;
    this.emit('close', {});
  }
}

function standInSurface(supported = true) {
  const created: StandInNotification[] = [];
  const badges: number[] = [];
  const surface: NativeNotificationSurface = {
    isSupported: () => supported,
    create: (options) => {
      const notification = new StandInNotification(options);
      created.push(notification);
      return notification;
    },
    setBadgeCount: (count) => {
      badges.push(count);
      return true;
    },
    iconFormats: nativeImageFormats('linux'),
  };
  return { surface, created, badges };
}

const request = (overrides: Partial<DisplayRequest> = {}): DisplayRequest => ({
  appName: 'News',
  appId: 'app-news',
  iconPath: '/icons/news.png',
  title: 'Headline',
  body: 'Body',
  replaces: undefined,
  silent: true,
  requireInteraction: false,
  actions: [
    { key: 'a0', title: 'Read' },
    { key: 'a1', title: 'Later' },
  ],
  ...overrides,
});

test('native display: options map to the native notification; clicks, actions and dismissals come back by id', async () => {
  const { surface, created } = standInSurface();
  const display = new NativeNotificationDisplay(surface, silentLogger);
  const clicks: [string, string][] = [];
  const closes: [string, string][] = [];
  display.onClick((id, action) => clicks.push([id, action]));
  display.onClose((id, reason) => closes.push([id, reason]));

  const id = await display.show(request({ requireInteraction: true }));
  const [native] = created;
  assert.ok(native?.shown);
  assert.deepEqual(native.options, {
    title: 'Headline',
    body: 'Body',
    silent: true,
    icon: '/icons/news.png',
    timeoutType: 'never',
    urgency: 'critical',
    actions: [
      { type: 'button', text: 'Read' },
      { type: 'button', text: 'Later' },
    ],
  });
  native.emit('action', { actionIndex: 1 });
  native.emit('click');
  native.emit('close', { reason: 'userCanceled' });
  assert.deepEqual(clicks, [
    [id, 'a1'],
    [id, ''],
  ]);
  assert.deepEqual(closes, [[id, 'dismissed']]);
});

test('native display: a replacement closes the earlier one without a close event for the app', async () => {
  const { surface, created } = standInSurface();
  const display = new NativeNotificationDisplay(surface, silentLogger);
  const closes: string[] = [];
  display.onClose((id) => closes.push(id));
  const first = await display.show(request());
  const second = await display.show(request({ replaces: first }));
  assert.notEqual(first, second);
  assert.equal(created[0]?.closed, true);
  assert.deepEqual(closes, [], 'replacing is not a dismissal');
  await display.close(second);
  assert.equal(created[1]?.closed, true);
});

test('native display: one badge for the whole app (the sum of counts, 1 for a flag), and no display where unsupported', async () => {
  const { surface, badges } = standInSurface();
  const display = new NativeNotificationDisplay(surface, silentLogger);
  const news = fixtureAppRecord('https://news.example');
  const mail = fixtureAppRecord('https://mail.example', 'Mail');
  await display.setBadge(news, 3, 3);
  await display.setBadge(mail, 'flag', 3);
  await display.setBadge(news, null, 0);
  await display.setBadge(mail, null, 0);
  assert.deepEqual(badges, [3, 3, 1, 0]);
  const unsupported = new NativeNotificationDisplay(standInSurface(false).surface, silentLogger);
  await assert.rejects(unsupported.show(request()), /shows no notifications/);
});

test(`a native display gets the app's PNG and never an SVG, which Electron's nativeImage cannot decode`, async (t) => {
  const origin = 'https://news.example';
  const iconShown = async (files: string[]) => {
    const dataDir = tempDataDir(t);
    const { surface, created } = standInSurface();
    const host = await createHost({
      dataDir,
      engine: new TestEngine([`${origin}/`]),
      connectivity: new ManualConnectivity(true),
      notifications: new NativeNotificationDisplay(surface, silentLogger),
    });
    t.after(() => host.close());
    mkdirSync(join(dataDir, 'icons'));
    for (const file of files) writeFileSync(join(dataDir, 'icons', file), 'icon');
    const icons = files.map((file) => ({
      src: `${origin}/${file}`,
      sizes: '512x512',
      file: `icons/${file}`,
    }));
    host.store.apps.upsert({ ...fixtureApp(origin), icons }, Date.now());
    host.notifications.show({ origin, scope: `${origin}/` }, 'page', null, 'Headline', notificationOptions());
    await waitFor('the notification was shown', () => created.length === 1);
    return created[0]?.options.icon?.slice(dataDir.length);
  };
  assert.equal(await iconShown(['news.svg', 'news.png']), '/icons/news.png');
  assert.equal(await iconShown(['news.svg']), undefined, 'no icon rather than an empty one');
});
