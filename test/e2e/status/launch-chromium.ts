/**
 * Debian's Chromium, driven by playwright-core, for the status page tests. A missing
 * browser fails the tests with the command that installs it; they are never skipped.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const executablePath = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: run \`bash scripts/ensure-chromium.sh\` (installs Debian's chromium package)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // No sandbox in containers; nothing that would call out to Google's servers.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
