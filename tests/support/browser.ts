/**
 * Debian Chromium driven by playwright-core for the real-browser tests: launched with the flags
 * the issue names (every launch gets a fresh temporary profile), and pages opened with every
 * network request aborted and recorded, and console and page errors collected.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Headless Chromium at `executablePath`. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page with what it logged as errors or warnings and every request other than the file itself. */
export interface Visit {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens `file` in a new context, recording console errors, page errors and every request but the file. */
export async function openPage(browser: Browser, file: string, o: { javaScript?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Visit> {
  const context = await browser.newContext({ javaScriptEnabled: o.javaScript ?? true, ...(o.viewport === undefined ? {} : { viewport: o.viewport }) });
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}
