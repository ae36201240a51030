import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DownloadRequest, decideDownload } from '../../app/desktop/download-policy.ts';

const scopes = ['https://news.example/app/', 'http://127.0.0.1:8080/'];
const shownNews = { url: 'https://news.example/app/reports', shown: true };

const cases: [string, DownloadRequest, string][] = [
  [
    "an app's own page in its window on screen",
    { session: 'apps', page: shownNews, initiatorOrigin: 'https://news.example' },
    'ask-person https://news.example/app/',
  ],
  [
    'a loopback app on screen',
    {
      session: 'apps',
      page: { url: 'http://127.0.0.1:8080/', shown: true },
      initiatorOrigin: 'http://127.0.0.1:8080',
    },
    'ask-person http://127.0.0.1:8080/',
  ],
  [
    'a hidden page (install, re-priming, pwa-host open)',
    {
      session: 'apps',
      page: { ...shownNews, shown: false },
      initiatorOrigin: 'https://news.example',
    },
    'cancel a page nobody sees started it',
  ],
  [
    'no page named',
    { session: 'apps', page: undefined, initiatorOrigin: 'https://news.example' },
    'cancel no window of an app started it',
  ],
  [
    "a third-party iframe on an app's page",
    { session: 'apps', page: shownNews, initiatorOrigin: 'https://ads.example' },
    'cancel another site (an embedded frame) started it',
  ],
  [
    'one the browser started (no initiator)',
    { session: 'apps', page: shownNews, initiatorOrigin: '' },
    'cancel another site (an embedded frame) started it',
  ],
  [
    'a page outside every installed scope',
    {
      session: 'apps',
      page: { url: 'https://news.example/other/', shown: true },
      initiatorOrigin: 'https://news.example',
    },
    'cancel the page is not in an installed app',
  ],
  [
    "the host's own page",
    {
      session: 'host-ui',
      page: { url: 'pwa-host://ui/index.html', shown: true },
      initiatorOrigin: 'pwa-host://ui',
    },
    'cancel the host’s own pages download nothing',
  ],
];

for (const [what, request, expected] of cases) {
  test(`a download from ${what}: ${expected}`, () => {
    const decision = decideDownload(request, scopes);
    assert.equal(
      decision.kind === 'ask-person' ? `ask-person ${decision.scope}` : `cancel ${decision.reason}`,
      expected,
    );
  });
}

test('with no app installed, nothing is offered', () => {
  assert.equal(
    decideDownload({ session: 'apps', page: shownNews, initiatorOrigin: 'https://news.example' }, []).kind,
    'cancel',
  );
});
