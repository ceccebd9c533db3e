import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO } from './paths.js';

// Headless Chromium through playwright-core, both installed outside the project (.tools/, by .ci/setup-editor-tools.sh).

const require = createRequire(import.meta.url);

/** Where screenshots go: git-ignored, and kept by CI with the other test output. */
export const TEST_OUTPUT = path.join(REPO, 'test-output');

/** The parts of playwright-core's API the tests use. */
export interface Locator {
  textContent(): Promise<string | null>;
  innerText(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  evaluateAll<R>(fn: (elements: Element[]) => R): Promise<R>;
  count(): Promise<number>;
  click(): Promise<void>;
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
}
export interface Page {
  on(event: 'console', fn: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (error: Error) => void): void;
  route(url: string, fn: (route: { request(): { url(): string }; continue(): Promise<void>; abort(): Promise<void> }) => Promise<void>): Promise<void>;
  goto(url: string): Promise<unknown>;
  title(): Promise<string>;
  locator(selector: string): Locator;
  selectOption(selector: string, value: string): Promise<unknown>;
  fill(selector: string, value: string): Promise<void>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
}

export interface ChromiumTools {
  playwright: string;
  chromium: string;
}

/**
 * playwright-core and Chromium from the environment or `.tools/env.sh`. Absent, the calling
 * suite is skipped with the reason, except in CI, where the page must be tested.
 */
export function chromiumTools(context: Mocha.Context): ChromiumTools {
  const envFile = path.join(process.env.STANDPOINT_TOOLS_DIR ?? path.join(REPO, '.tools'), 'env.sh');
  const fromFile: Record<string, string> = {};
  if (fs.existsSync(envFile)) for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) fromFile[m[1]] = m[2];
  const playwright = process.env.PLAYWRIGHT_CORE ?? fromFile.PLAYWRIGHT_CORE;
  const chromium = process.env.CHROMIUM ?? fromFile.CHROMIUM;
  const why =
    !playwright || !fs.existsSync(playwright)
      ? `playwright-core not found (${envFile}; run .ci/setup-editor-tools.sh)`
      : !chromium || !fs.existsSync(chromium)
        ? `chromium not found at ${chromium ?? '(CHROMIUM unset)'}`
        : undefined;
  if (!why) return { playwright: playwright, chromium: chromium };
  if (process.env.CI === 'true') throw new Error(`the report must be tested in Chromium in CI: ${why}`);
  console.log(`      (skipped: ${why})`);
  context.skip();
}

/** A page opened on a local file that records console errors and warnings, and refuses (and records) every other request. */
export interface OpenedPage {
  tab: Page;
  problems: string[];
  fetched: string[];
  close: () => Promise<void>;
}

export async function openPage(tools: ChromiumTools, file: string): Promise<OpenedPage> {
  const { chromium } = require(tools.playwright) as Playwright;
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const fetched: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await tab.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `file://${file}`) await route.continue();
      else {
        fetched.push(url);
        await route.abort();
      }
    });
    await tab.goto(`file://${file}`);
    return { tab, problems, fetched, close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** A full-page screenshot under test-output/, checked to be a real picture. */
export async function screenshot(tab: Page, name: string): Promise<string> {
  const file = path.join(TEST_OUTPUT, name);
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  await tab.screenshot({ path: file, fullPage: true });
  if (fs.statSync(file).size < 20_000) throw new Error(`${file} is too small to be a screenshot of the page`);
  return file;
}
