// Browser tests against a real Pathways server (see server.js for how it is started).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from './axe.js';
import { launchBrowser, openPage } from './browser.js';
import { startServer } from './server.js';
import { lifecycleTests } from './lifecycle.js';
import { workflowTests } from './workflows.js';
import { screenTests } from './screens.js';
import { languageTests } from './languages.js';
import { progressTests } from './progress.js';
import { arabicTests } from './arabic.js';

/** @type {import('./server.js').Running | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function srv() {
  if (!server) throw new Error('server not started');
  return server;
}

/**
 * A fresh browser context for one test; closes it and checks for CSP and script errors.
 * @param {(p: import('playwright-core').Page) => Promise<void>} fn
 * @param {import('playwright-core').BrowserContextOptions} [opts]
 */
async function withPage(fn, opts) {
  if (!browser) throw new Error('browser not started');
  const { context, page, problems } = await openPage(browser, srv().baseURL, opts);
  try {
    await fn(page);
    assert.deepEqual(problems, [], 'no CSP violations or script errors in the console');
  } finally {
    // A language chosen while signed in is kept on the user; put English back, so the next
    // test that signs in as the same user opens as it expects.
    await page
      .evaluate(async () => {
        const csrf = globalThis.sessionStorage.getItem('pathways.csrf');
        if (!csrf || globalThis.document.documentElement.lang === 'en') return;
        await fetch('/api/v1/me/language', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ language: 'en' }),
        });
      })
      .catch(() => undefined);
    await context.close();
  }
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} username
 * @param {string} password
 */
async function signIn(page, username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// PATHWAYS_E2E_ONLY=arabic,languages runs only the suites named (core: the ones in this file),
// for working on one without the whole run; unset, every suite runs.
const only = (process.env.PATHWAYS_E2E_ONLY ?? '').split(',').filter(Boolean);
/** @param {string} name */
const wanted = (name) => only.length === 0 || only.includes(name);
const core = { skip: !wanted('core') };

if (wanted('workflows')) workflowTests({ srv, withPage, signIn });
if (wanted('lifecycle')) lifecycleTests({ srv, withPage, signIn });
if (wanted('screens')) screenTests({ srv, withPage, signIn });
if (wanted('languages')) languageTests({ srv, withPage, signIn });
if (wanted('progress')) progressTests({ srv, withPage, signIn });
if (wanted('arabic')) arabicTests({ srv, withPage });

describe('server routing', core, () => {
  test('an unknown API path answers a JSON problem 404, not the app', async () => {
    const res = await fetch(`${srv().baseURL}/api/v1/does-not-exist`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = await res.json();
    assert.equal(body.status, 404);
  });

  test('a client-side route answers the app shell with a strict CSP', async () => {
    const res = await fetch(`${srv().baseURL}/some/client/route`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<div id="root"><\/div>/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });
});

describe('sign-in', core, () => {
  test('a wrong password shows the generic error in an alert', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      // Another user than the ones signed in below, so the failure's slow-down and
      // throttling count stay away from them.
      await signIn(page, 'auditor', 'not-the-password');
      const alert = page.getByRole('alert');
      await alert.getByText('The username, password or code is not right.').waitFor();
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in');
    });
  });

  test('admin signs in, sees who they are, survives a reload, and signs out', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await signIn(page, 'admin', srv().password);
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      assert.equal(await page.getByTestId('username').textContent(), 'admin');
      const roles = page.getByTestId('roles');
      assert.ok(await roles.locator('[data-role="admin"]').count(), 'admin membership listed');
      await roles.getByText('Administrator').first().waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Administration' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Caseload' }).count(), 0, 'admin has no caseload');

      await nav.getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
      // Administration opens on its first subject, users and roles.
      assert.equal(new URL(page.url()).pathname, '/admin/users');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();

      await page.getByRole('link', { name: 'Home' }).click();
      await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByRole('status').getByText('You have signed out.').waitFor();

      // The server really ended the session, not just the page.
      const me = await page.request.get('/api/v1/me');
      assert.equal(me.status(), 401);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    });
  });

  test('a practitioner sees their facility by name and signs out from the user menu', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await signIn(page, 'practitioner', srv().password);
      await page.getByTestId('roles').getByText('Practitioner').waitFor();
      await page.getByTestId('roles').getByText('Facility: Northgate Prison').waitFor();
      const toggle = page.getByRole('button', { name: /^Account/ });
      await toggle.click();
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    });
  });
});

describe('language', core, () => {
  test('switching to Arabic sets dir=rtl and translates the page', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await page.getByLabel('Language').selectOption('ar');
      await page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
      // The choice is kept across a reload.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');

      await page.getByLabel('اللغة').selectOption('fr');
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    });
  });
});

describe('accessibility (axe-core)', core, () => {
  test('the sign-in page, clean and with errors, has no violations', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('There is a problem').waitFor();
      assert.deepEqual(await axeViolations(page), []);
    });
  });

  test('the landing page has no violations, in English and Arabic', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await signIn(page, 'national', srv().password);
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await page.getByRole('button', { name: /^Account/ }).click();
      assert.deepEqual(await axeViolations(page), [], 'with the user menu open');
      await page.keyboard.press('Escape');
      await page.getByLabel('Language').selectOption('ar');
      await page.getByRole('heading', { level: 1, name: /^مرحبًا/ }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
    });
  });
});
