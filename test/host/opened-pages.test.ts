import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalOperations } from '../../app/host/create-host-operations.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { chromiumHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';

const IDLE_MS = 3000;

describe('pages opened with `open` (real Chromium)', { timeout: 120_000 }, () => {
  let news: FixtureServer;
  let chromium: ChromiumHost;
  let operations: LocalOperations;
  let app: AppRecord;

  before(async () => {
    news = await startFixtureServer('news');
    chromium = await startChromiumHost({ browserIdleMs: IDLE_MS });
    operations = chromiumHostOperations(chromium);
    app = chromium.recordApp(news.origin, 'Fixture News');
  });

  after(async () => {
    await operations.close();
    await chromium.close();
    await news.close();
  });

  test('open reports the HTTP status and when the page closes; pages lists it; close closes it', async () => {
    const opened = await operations.open({ app: app.id, path: '/frame.html' });
    assert.equal(opened.status, 200);
    assert.equal(opened.url, `${news.origin}/frame.html`);
    assert.equal(opened.appName, 'Fixture News');
    assert.equal(opened.closesAt, opened.openedAt + IDLE_MS, 'it closes after the browser-idle time');
    assert.deepEqual(operations.pages(), [opened]);
    assert.deepEqual(operations.pages({ app: 'Fixture' }), [opened]);
    await operations.closePage({ id: opened.id });
    assert.deepEqual(operations.pages(), []);
    await assert.rejects(operations.closePage({ id: opened.id }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'page-not-found');
      assert.equal(error.message, `No open page has the id ${opened.id}.`);
      return true;
    });
  });

  test('a page that answers an HTTP error is refused, saying the status, and nothing stays open', async () => {
    await assert.rejects(
      operations.open({ app: app.id, path: '/no/such/page.html' }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'open-http-error');
        assert.match(error.message, /no\/such\/page\.html answered HTTP 404, so nothing was opened/);
        return true;
      },
    );
    assert.deepEqual(operations.pages(), []);
  });

  test('a path outside the scope of the app is refused before anything loads', async () => {
    const narrow = chromium.host.store.apps.upsert(
      {
        ...fixtureApp(news.origin, 'Narrow', 'app-narrow'),
        manifestId: `${news.origin}/app/`,
        startUrl: `${news.origin}/app/`,
        scope: `${news.origin}/app/`,
      },
      Date.now(),
    );
    const requests = news.requests.length;
    for (const path of ['/', '/frame.html', `${news.origin}/index.html`, 'https://elsewhere.example/app/']) {
      await assert.rejects(operations.open({ app: narrow.id, path }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'open-outside-app', path);
        assert.match(error.message, /is outside Narrow's scope .*\/app\/: open a page within it/);
        return true;
      });
    }
    assert.equal(news.requests.length, requests, 'nothing was loaded');
    assert.deepEqual(operations.pages(), []);
  });

  test('a page nobody closes closes by itself after the browser-idle time', async () => {
    const opened = await operations.open({ app: app.id });
    assert.deepEqual(
      operations.pages().map((page) => page.id),
      [opened.id],
    );
    await waitFor('the page to close by itself', () => operations.pages().length === 0, IDLE_MS + 10_000);
  });
});
