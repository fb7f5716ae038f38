// Drives Debian's Chromium through playwright-core (Playwright's own browser download cannot
// work here). launch() gives every run a fresh temporary profile of its own.
import { chromium } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
    headless: true,
  });
}

/**
 * Opens a page that records console errors, page errors and CSP violations, so each test
 * can assert the app ran cleanly under the server's Content-Security-Policy.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseURL
 * @param {import('playwright-core').BrowserContextOptions} [opts]
 */
export async function openPage(browser, baseURL, opts = {}) {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', ...opts });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.includes('Content Security Policy') || text.includes('Content-Security-Policy')) {
      problems.push(`CSP: ${text}`);
    } else if (msg.type() === 'error' && !isExpectedHttpError(text)) {
      problems.push(`console error: ${text}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

// Chromium logs every 4xx fetch as a console error. The app answers these on purpose: a
// refused sign-in (401), a refusal it shows (403, 404, 409, 412, 428) and the per-field
// problems of a form (422, e.g. the identifier warning). 5xx stays an error.
/** @param {string} text */
function isExpectedHttpError(text) {
  return /Failed to load resource: the server responded with a status of 4(0[13-49]|12|22|28) /.test(text);
}
