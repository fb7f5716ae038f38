/* global document, window -- the callbacks of page.evaluate run in the browser */
// Plain language in three languages: a national user reads the statistics in French as words
// (no codes), with French month names and the notes on protection; a practitioner who
// submits an empty intake in Arabic gets the problems in Arabic, without field names of the
// API, each linked to its field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations } from './axe.js';

/**
 * @param {{
 *   srv: () => import('./server.js').Running,
 *   withPage: (fn: (p: import('playwright-core').Page) => Promise<void>) => Promise<void>,
 *   signIn: (p: import('playwright-core').Page, u: string, pw: string) => Promise<void>,
 * }} h
 */
export function languageTests({ srv, withPage, signIn }) {
  /** @param {import('playwright-core').Page} page @param {string} what */
  async function seriousAxe(page, what) {
    const found = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
    assert.deepEqual(found, [], `axe: ${what}`);
  }

  describe('three languages', () => {
    // Trial 16, M15: on a prison's shared computers the language belongs to the person. Chosen
    // while signed in, it opens their next session, on another computer too (here: the
    // browser's own memory of it wiped), though the sign-in page is in English.
    test('the language chosen survives signing out and in again, on another computer', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'supervisor', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.getByLabel('Language').selectOption('ar');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
        await page.getByRole('button', { name: /^الحساب/ }).click();
        await page.getByRole('banner').getByRole('button', { name: 'تسجيل الخروج' }).click();
        await page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' }).waitFor();

        await page.evaluate(() => window.localStorage.removeItem('pathways.lang'));
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        await signIn(page, 'supervisor', srv().password);
        await page.getByRole('heading', { level: 1, name: /^مرحبًا/ }).waitFor();
        assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
        assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
      });
    });

    test('the statistics in French are words, with French months and the notes on protection', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'national', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.getByLabel('Language').selectOption('fr');
        await page.waitForFunction(() => document.documentElement.lang === 'fr');
        await page.goto('/statistics');
        const table = page.getByTestId('stat-table');
        await table.waitFor();
        const title = (await page.locator('#stat-title').textContent()) ?? '';
        assert.match(title, /(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/, `period in French: ${title}`);
        const text = (await table.textContent()) ?? '';
        const codes = text.match(/\b[a-z]+(?:_[a-z0-9]+)+\b/g) ?? [];
        assert.deepEqual(codes, [], `codes shown in the French table: ${codes.join(', ')}`);
        await page.getByText(/publié qu’une fois/).first().waitFor();
        await seriousAxe(page, 'statistics in French');
      });
    });

    test('an empty intake in Arabic lists its problems in Arabic, linked to their fields', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'practitioner', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.getByLabel('Language').selectOption('ar');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
        await page.goto('/cases/new');
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('form button[type=submit]').last().click();
        const alert = page.getByRole('alert').filter({ has: page.getByRole('link') });
        await alert.waitFor();
        const said = (await alert.textContent()) ?? '';
        assert.match(said, /[\u0600-\u06FF]/, `the summary is in Arabic: ${said}`);
        for (const api of ['programme_id', 'facility_id', 'birth_year', 'must be', 'required']) {
          assert.ok(!said.includes(api), `the summary shows “${api}”: ${said}`);
        }
        await alert.getByRole('link').first().click();
        const focused = await page.evaluate(() => document.activeElement?.tagName.toLowerCase() ?? '');
        assert.ok(['input', 'select', 'textarea'].includes(focused), `the summary's link moved focus to a field, not to ${focused}`);
        await seriousAxe(page, 'intake errors in Arabic');
      });
    });
  });
}
