/* global document -- the callbacks of page.evaluate run in the browser */
// Charts under the real CSP: a case's progress tab, the statistics dashboard and the
// supervisor's overview draw their charts (Chart.js on a canvas, loaded on demand) in English
// and in Arabic, beside the tables that hold the same figures, with no CSP violation or script
// error (withPage checks the console) and no serious axe violation.
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
export function progressTests({ srv, withPage, signIn }) {
  /** Waits until the canvas inside `where` has something drawn on it.
   * @param {import('playwright-core').Page} page @param {string} where */
  async function drawn(page, where) {
    const canvas = page.locator(`${where} canvas`).first();
    await canvas.waitFor();
    await page.waitForFunction(
      (sel) => {
        const c = /** @type {HTMLCanvasElement | null} */ (document.querySelector(`${sel} canvas`));
        const ctx = c && c.width > 0 && c.height > 0 ? c.getContext('2d') : null;
        if (!c || !ctx) return false;
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
        return false;
      },
      where,
      { timeout: 15_000 },
    );
  }

  /** @param {import('playwright-core').Page} page @param {string} what */
  async function seriousAxe(page, what) {
    const found = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
    assert.deepEqual(found, [], `axe: ${what}`);
  }

  describe('charts', () => {
    test('a case’s progress tab draws its charts beside their tables, in English and Arabic', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'practitioner', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseload' }).click();
        // A case in intervention has sessions and assessments in the demo data.
        await page.getByText(/Cases shown: [1-9]\d*/).waitFor();
        const row = page.getByTestId('case-table').locator('tbody tr').filter({ hasText: 'Intervention' }).first();
        const casePath = (await row.getByRole('link').first().getAttribute('href')) ?? '';
        await page.goto(`${casePath}/progress`);
        await page.getByRole('heading', { level: 2, name: 'Progress' }).waitFor();
        await drawn(page, '[data-testid=progress-sessions]');
        await drawn(page, '[data-testid=progress-attendance]');
        const months = await page.getByTestId('progress-sessions-table').locator('tbody tr').count();
        assert.ok(months > 0, 'the sessions table has a row per month');
        await seriousAxe(page, 'progress tab');

        await page.getByLabel('Language').selectOption('ar');
        await page.getByRole('heading', { level: 2, name: 'التقدم' }).waitFor();
        await drawn(page, '[data-testid=progress-sessions]');
        await seriousAxe(page, 'progress tab in Arabic');
      });
    });

    test('the statistics dashboard and the overview draw their bar charts', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'supervisor', srv().password);
        await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
        await page.goto('/overview');
        await page.getByTestId('phase-table').waitFor();
        await drawn(page, 'section[aria-labelledby=ov-phase]');
        await page.goto('/statistics');
        await page.getByTestId('stat-table').waitFor({ timeout: 15_000 });
        // Broken down, the figures have cells to chart (the total stays in the table only).
        const by = page.getByLabel('Break down by');
        const first = await by.locator('option').nth(1).getAttribute('value');
        await by.selectOption(first ?? '');
        await page.getByTestId('stat-table').locator('tbody tr').nth(1).waitFor({ timeout: 15_000 });
        await drawn(page, 'section[aria-labelledby=stat-title]');
        await seriousAxe(page, 'statistics');
      });
    });
  });
}
