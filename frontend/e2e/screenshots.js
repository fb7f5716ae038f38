// The README's pictures: signs in as the demo users on a fresh server with the demo data and
// saves the home page, a case, the approvals and the statistics, in English and in Arabic, as
// PNGs of a 1280×800 window into frontend/screenshots/. Run by `make screenshots` (not part of
// make test), which gives it an empty database and the binary, as for the browser tests.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ar from '../src/i18n/ar.json' with { type: 'json' };
import en from '../src/i18n/en.json' with { type: 'json' };
import { launchBrowser, openPage } from './browser.js';
import { startServer } from './server.js';

/** @typedef {import('playwright-core').Page} Page */

const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
const viewport = { width: 1280, height: 800 };
const languages = /** @type {const} */ ([
  ['en', en],
  ['ar', ar],
]);

/**
 * One picture: a fresh context signed in as `user` in `lang`, taken once `ready` holds.
 * @param {import('playwright-core').Browser} browser
 * @param {import('./server.js').Running} srv
 * @param {{ lang: string, words: typeof en, user: string, name: string, go: (p: Page) => Promise<void> }} shot
 */
async function take(browser, srv, { lang, words, user, name, go }) {
  const { context, page, problems } = await openPage(browser, srv.baseURL, { viewport });
  try {
    await page.goto('/');
    await page.getByLabel(en.language.label).selectOption(lang);
    await page.getByRole('heading', { level: 1, name: words.signIn.title }).waitFor();
    await page.getByLabel(words.signIn.username).fill(user);
    await page.getByLabel(words.signIn.password, { exact: true }).fill(srv.password);
    await page.getByRole('button', { name: words.signIn.submit }).click();
    await page.getByRole('navigation', { name: words.nav.label }).waitFor();
    await go(page);
    await page.waitForLoadState('networkidle');
    // The caret and focus ring of the last field typed in are not part of the picture.
    await page.evaluate(() => /** @type {HTMLElement | null} */ (globalThis.document.activeElement)?.blur());
    const file = resolve(out, `${lang}-${name}.png`);
    await page.screenshot({ path: file, type: 'png' });
    if (problems.length) throw new Error(`${lang}-${name}: ${problems.join('; ')}`);
    console.log(`saved ${file}`);
  } finally {
    await context.close();
  }
}

const srv = await startServer();
const browser = await launchBrowser();
try {
  mkdirSync(out, { recursive: true });
  for (const [lang, words] of languages) {
    const base = { lang, words };
    await take(browser, srv, {
      ...base,
      user: 'practitioner',
      name: 'home',
      go: async (page) => {
        await page.getByRole('heading', { level: 2, name: words.home.tasks }).waitFor();
      },
    });
    await take(browser, srv, {
      ...base,
      user: 'practitioner',
      name: 'case',
      go: async (page) => {
        const res = await page.request.get('/api/v1/cases?phase=intervention&limit=1');
        const id = /** @type {{ items: { id: string }[] }} */ (await res.json()).items[0]?.id;
        if (!id) throw new Error('the demo caseload has no case in intervention');
        await page.goto(`/cases/${id}/timeline`);
        await page.getByTestId('timeline').waitFor();
      },
    });
    await take(browser, srv, {
      ...base,
      user: 'supervisor',
      name: 'approvals',
      go: async (page) => {
        await page.getByRole('navigation', { name: words.nav.label }).getByRole('link', { name: words.nav.approvals }).click();
        await page.getByTestId('approvals').getByRole('listitem').first().waitFor();
      },
    });
    await take(browser, srv, {
      ...base,
      user: 'national',
      name: 'statistics',
      go: async (page) => {
        await page.getByRole('navigation', { name: words.nav.label }).getByRole('link', { name: words.nav.statistics }).click();
        await page.getByTestId('stat-table').waitFor();
      },
    });
  }
} finally {
  await browser.close();
  await srv.stop();
}
