/**
 * The live status page in a real browser (Debian's Chromium): it loads cleanly, asks
 * nothing of another origin, and follows the gateway without a reload. One browser and
 * one page for the file; each test starts its own gateway and opens the page on it.
 */
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './launch-chromium.js';
import { closeAfterEach, eventually, heldModel, openStream, startStatusFixture, type StatusFixture } from './status-fixtures.js';

const track = closeAfterEach();

let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: Request[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  // A new context is a fresh profile: no cache, no storage from an earlier run.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

beforeEach(async () => {
  // Leave the last test's page (and its polling of a gateway now closed) before recording.
  await page.goto('about:blank');
  requests = [];
  consoleErrors = [];
});

async function openPage(fixture: StatusFixture): Promise<void> {
  await page.goto(`${fixture.gateway.url}/ui`);
}

function cellOf(connection: string, column: string): Locator {
  return page.getByRole('row', { name: new RegExp(`^${connection}\\b`) }).locator(`td[data-label="${column}"]`);
}

async function waitForCell(connection: string, column: string, text: RegExp): Promise<void> {
  await cellOf(connection, column).filter({ hasText: text }).waitFor({ timeout: 5000 });
}

describe('the status page', () => {
  it('loads without console errors and requests nothing from another origin', async () => {
    const fixture = track(await startStatusFixture());
    await openPage(fixture);
    await eventually('two polls of /status', () => requests.filter((request) => new URL(request.url()).pathname === '/status').length >= 2, 5000);
    const origin = new URL(fixture.gateway.url).origin;
    expect(requests.map((request) => new URL(request.url()).origin).filter((found) => found !== origin)).toEqual([]);
    expect(requests.length).toBeGreaterThan(4);
    expect(consoleErrors).toEqual([]);
  });

  it('shows each connection and its state in words', async () => {
    const fixture = track(await startStatusFixture());
    await fixture.gateway.gateway.health.checkAll();
    await openPage(fixture);
    for (const name of ['ollama', 'vllm']) {
      await waitForCell(name, 'State', /^up$/);
      await waitForCell(name, 'Breaker', /breaker closed/);
      await waitForCell(name, 'In flight', /^0$/);
    }
    await page.getByRole('heading', { name: heldModel }).waitFor({ timeout: 5000 });
  });

  it('shows a stream in flight while it runs and no longer once it ended, without a reload', async () => {
    const fixture = track(await startStatusFixture());
    await openPage(fixture);
    await waitForCell('vllm', 'In flight', /^0$/);
    const gate = fixture.holdNextStream();
    const stream = openStream(`${fixture.gateway.url}/v1/chat/completions`, { model: heldModel, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    await stream.waitFor('Hello');
    await waitForCell('vllm', 'In flight', /^1$/);
    gate.open();
    await stream.ended;
    await waitForCell('vllm', 'In flight', /^0$/);
    expect(requests.filter((request) => request.resourceType() === 'document')).toHaveLength(1);
  });

  it('shows an upstream as down once it stops, without a reload', async () => {
    const fixture = track(await startStatusFixture({ healthIntervalMs: 200 }));
    await openPage(fixture);
    await waitForCell('ollama', 'State', /^up$/);
    await fixture.ollama.close();
    await waitForCell('ollama', 'State', /^down$/);
    await waitForCell('vllm', 'State', /^up$/);
    expect(requests.filter((request) => request.resourceType() === 'document')).toHaveLength(1);
  });
});
