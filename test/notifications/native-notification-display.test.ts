import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { silentLogger } from '../../app/logging/logger.ts';
import {
  type NativeNotification,
  NativeNotificationDisplay,
  type NativeNotificationOptions,
  type NativeNotificationSurface,
} from '../../app/os/notifications/native-notification-display.ts';
import type { DisplayRequest } from '../../app/os/notifications/notification-display.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';

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
