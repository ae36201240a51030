import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../../app/engine-chromium/find-chromium.ts';
import type { PageSession } from '../../../app/headless/ui/page-session.ts';
import { bridgeUiPage, UI_URL } from '../../../app/headless/ui/ui-bridge.ts';
import { UiPageFiles } from '../../../app/headless/ui/ui-page-files.ts';
import type { HostApi } from '../../../app/host/host-api.ts';
import { buildUi } from '../../../scripts/build-ui.ts';
import { testLogger } from '../../helpers/chromium.ts';

/** Where the tests leave screenshots for a person to look at (gitignored; never compared pixel by pixel). */
export const SCREENS_DIR = fileURLToPath(new URL('../../../test-output/ui-screens/', import.meta.url));

let built: Promise<void> | undefined;

/** Builds the page into dist/renderer/ once per test process, as `npm run build:ui` does. */
export function ensureUiBuilt(): Promise<void> {
  built ??= buildUi();
  return built;
}

let builtPrivately: Promise<UiPageFiles> | undefined;

/** The page built into a folder of this test process's own, so test files running at once never race. */
export function privateUiBuild(): Promise<UiPageFiles> {
  builtPrivately ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwa-host-ui-build-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    await buildUi(dir);
    return UiPageFiles.load(dir);
  })();
  return builtPrivately;
}

/** Real Chromium (the system's), driven by Playwright. */
export async function launchUiBrowser(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: findChromium(undefined).path,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  t.after(() => browser.close());
  return browser;
}

export interface UiPage {
  page: Page;
  /** Page errors and CSP violations seen so far: a walk must end with none. */
  problems: string[];
  /** The DevTools session the bridge runs on (as `pwa-host ui`'s own): contexts made on it are reported to it. */
  cdp: CDPSession;
}

/**
 * Opens the built UI in a new page of `browser`, bridged to `api` exactly as `pwa-host ui` bridges its
 * window (Fetch interception, the injected bridge, the binding) over a Playwright DevTools session.
 */
export async function openUiPage(
  browser: Browser,
  api: HostApi,
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    /** The route to open at, as the shell opens it (`#/install/<encoded URL>` for `--install URL`). */
    fragment?: string;
  } = {},
): Promise<UiPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1180, height: 860 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  const session: PageSession = {
    send: (method, params) => cdp.send(method as 'Runtime.enable', params as never) as never,
    on(event, handler) {
      const listener = (params: Record<string, unknown>) => handler(params);
      cdp.on(event as 'Runtime.bindingCalled', listener as never);
      return () => cdp.off(event as 'Runtime.bindingCalled', listener as never);
    },
  };
  await bridgeUiPage({ session, api, files: await privateUiBuild(), logger: testLogger });
  await page.goto(`${UI_URL}${options.fragment ?? ''}`);
  return { page, problems, cdp };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over DevTools, not as a <script>: the page's CSP rightly refuses inline scripts.
  await page.evaluate(axeSource);
  // A string: this runs in the page, and the tests are type-checked without the DOM.
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    .then((result) => result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    })))`)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/** The label (or else the text) of the element that has the keyboard focus. */
export async function focusedText(page: Page): Promise<string | null> {
  return (await page.evaluate(
    "document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? null",
  )) as string | null;
}

/**
 * How far the page scrolls sideways, and which elements (outside scrolling tables, which scroll on their
 * own) stick out of the viewport.
 */
export async function sidewaysOverflow(page: Page): Promise<{ by: number; wide: string[] }> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .filter((element) => !element.parentElement?.closest('.table-scroll'))
      .map((element) => element.tagName.toLowerCase() + '.' + element.className);
    return { by: document.documentElement.scrollWidth - width, wide };
  })()`)) as { by: number; wide: string[] };
}
