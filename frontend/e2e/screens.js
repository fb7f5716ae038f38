/* global window, document -- the callbacks of page.evaluate run in the browser */
// Any screen, and paper: the main pages at a phone (390 px), a tablet (820 px) and a desktop
// (1280 px) width never scroll sideways, keep every case tab in view, and pass axe without a
// serious or critical violation; the case summary prints without the application around it;
// a case is found by its pseudonym typed loosely.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations } from './axe.js';

const WIDTHS = [390, 820, 1280];

/**
 * @param {{
 *   srv: () => import('./server.js').Running,
 *   withPage: (fn: (p: import('playwright-core').Page) => Promise<void>) => Promise<void>,
 *   signIn: (p: import('playwright-core').Page, u: string, pw: string) => Promise<void>,
 * }} h
 */
export function screenTests({ srv, withPage, signIn }) {
  /** @param {import('playwright-core').Page} page @param {string} what */
  async function fits(page, what) {
    const { scroll, inner, out } = await page.evaluate(() => {
      const inner = window.innerWidth;
      // What sticks out, to say where the page got too wide.
      const out = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > inner + 1 && el.children.length === 0)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)})`);
      return { scroll: document.scrollingElement?.scrollWidth ?? 0, inner, out };
    });
    assert.ok(scroll <= inner, `${what}: the page is ${scroll} px wide in a ${inner} px window; beyond it: ${out.join(', ')}`);
  }

  /** @param {import('playwright-core').Page} page @param {string} what */
  async function seriousAxe(page, what) {
    const found = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
    assert.deepEqual(found, [], `axe: ${what}`);
  }

  /** Every case tab lies inside the window (wrapped, not cut off).
   * @param {import('playwright-core').Page} page @param {string} what */
  async function tabsVisible(page, what) {
    const boxes = await page.locator('.tabs a').evaluateAll((as) =>
      as.map((a) => {
        const r = a.getBoundingClientRect();
        return { text: a.textContent, left: r.left, right: r.right, w: r.width };
      }),
    );
    assert.ok(boxes.length >= 10, `${what}: ${boxes.length} tabs`);
    const width = await page.evaluate(() => window.innerWidth);
    for (const b of boxes) assert.ok(b.left >= 0 && b.right <= width && b.w > 0, `${what}: tab ${b.text} at ${b.left}–${b.right} of ${width}`);
  }

  /** A session's notes read across the visible width, inside the window (trial 17, S2: as a
   * seventh column they were ~76 px wide, words broke mid-word, or they sat off-screen). The
   * demo case this test opens may have sessions without notes; what it shows is checked.
   * @param {import('playwright-core').Page} page @param {string} what */
  async function sessionNotesReadable(page, what) {
    const boxes = await page.locator('.session-rows__text').evaluateAll((ds) =>
      ds.slice(0, 5).map((d) => {
        const r = d.getBoundingClientRect();
        return { left: r.left, right: r.right, w: r.width };
      }),
    );
    const width = await page.evaluate(() => window.innerWidth);
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= width + 1, `${what}: notes at ${b.left}–${b.right} of ${width}`);
      assert.ok(b.w >= Math.min(300, width - 80), `${what}: notes only ${b.w} px wide`);
    }
  }

  /** The account menu, opened, lies inside the window (trial 17, M2: at 390 px it started
   * 31 px off the left edge, the name and "Sign out" cut).
   * @param {import('playwright-core').Page} page @param {string} what */
  async function accountMenuInside(page, what) {
    const toggle = page.locator('.user-menu__toggle');
    await toggle.click();
    const panel = page.locator('.user-menu__panel');
    await panel.getByRole('button').waitFor();
    const width = await page.evaluate(() => window.innerWidth);
    for (const part of [panel, panel.getByRole('button')]) {
      const box = await part.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${what}: account menu ${await part.evaluate((el) => el.className)} at ${box?.x}–${box ? box.x + box.width : '?'} of ${width}`);
    }
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
  }

  describe('any screen, and paper', () => {
    test('a practitioner’s pages fit 390, 820 and 1280 px, the case tabs wrap, and the summary prints alone', async () => {
      await withPage(async (page) => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto('/');
        await signIn(page, 'practitioner', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseload' }).click();
        await page.getByText(/Cases shown: [1-9]\d*/).waitFor();
        const link = page.getByTestId('case-table').locator('tbody tr').first().getByRole('link');
        const pseudonym = (await link.textContent()) ?? '';
        const casePath = (await link.getAttribute('href')) ?? '';

        // Found by its pseudonym typed in lower case, without the check character.
        await page.getByRole('searchbox', { name: 'Find a case by pseudonym' }).fill(pseudonym.slice(0, 11).toLowerCase());
        await page.getByRole('button', { name: 'Find', exact: true }).click();
        // A participant taken in again (re-entry) has several cases under one pseudonym.
        await page.getByText(/Cases found: [1-9]/).waitFor();
        const found = await page.getByTestId('case-table').locator('tbody tr th a').allTextContents();
        assert.ok(found.length > 0 && found.every((p) => p === pseudonym), `found ${found.join(', ')}, want only ${pseudonym}`);

        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          /** @type {Array<{path: string, heading: RegExp}>} */
          const pages = [
            { path: '/', heading: /./ },
            { path: '/caseload', heading: /Caseload/ },
            { path: `${casePath}/timeline`, heading: /^Case PW/ },
            { path: `${casePath}/sessions`, heading: /^Case PW/ },
            { path: `${casePath}/reintegration`, heading: /^Case PW/ },
          ];
          for (const { path, heading } of pages) {
            await page.goto(path);
            await page.getByRole('heading', { level: 1, name: heading }).waitFor();
            await page.waitForLoadState('networkidle');
            await fits(page, `${path} at ${width}`);
            if (path.startsWith('/cases/')) await tabsVisible(page, `${path} at ${width}`);
            if (path.endsWith('/sessions')) await sessionNotesReadable(page, `${path} at ${width}`);
            if (width !== 1280 && (path === '/caseload' || path.endsWith('/timeline'))) await seriousAxe(page, `${path} at ${width}`);
          }
        }

        // The summary: reached from the case page, fit for paper.
        await page.setViewportSize({ width: 820, height: 1100 });
        await page.goto(`${casePath}/timeline`);
        await page.getByTestId('print-summary').click();
        const summary = page.getByTestId('case-summary');
        await summary.getByRole('heading', { name: `Case summary: ${pseudonym}` }).waitFor();
        await summary.getByRole('heading', { name: 'Case team' }).waitFor();
        await summary.getByRole('heading', { name: /Milestones/ }).waitFor();
        await fits(page, 'summary');
        await seriousAxe(page, 'summary');
        await page.emulateMedia({ media: 'print' });
        assert.ok(await summary.isVisible(), 'the summary prints');
        for (const chrome of ['.header', '.nav', '.tabs', '.case-header']) {
          assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is not printed`);
        }
        assert.equal(await summary.getByRole('button', { name: 'Print' }).isVisible(), false, 'no buttons on paper');
        await fits(page, 'summary in print');
        await page.emulateMedia({ media: 'screen' });

        // Right to left, on a phone: the same pages fit and the tabs stay in view.
        await page.setViewportSize({ width: 390, height: 900 });
        await page.getByLabel('Language').selectOption('ar');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
        for (const path of ['/caseload', `${casePath}/timeline`, `${casePath}/summary`]) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          await fits(page, `${path} in Arabic at 390`);
          if (path.includes('/cases/')) await tabsVisible(page, `${path} in Arabic at 390`);
        }
        await accountMenuInside(page, 'Arabic at 390');
        await seriousAxe(page, 'summary in Arabic at 390');
      });
    });

    test('a supervisor’s and a national user’s main pages fit 390, 820 and 1280 px', async () => {
      /** @type {Array<{user: string, pages: Array<{path: string, heading: RegExp}>}>} */
      const who = [
        { user: 'supervisor', pages: [{ path: '/caseload', heading: /Caseload/ }, { path: '/approvals', heading: /./ }, { path: '/overview', heading: /./ }] },
        { user: 'national', pages: [{ path: '/statistics', heading: /./ }] },
      ];
      for (const { user, pages } of who) {
        await withPage(async (page) => {
          await page.goto('/');
          await signIn(page, user, srv().password);
          await page.getByRole('navigation', { name: 'Main' }).waitFor();
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 900 });
            for (const { path, heading } of pages) {
              await page.goto(path);
              await page.getByRole('heading', { level: 1, name: heading }).waitFor();
              await page.waitForLoadState('networkidle');
              await fits(page, `${user} ${path} at ${width}`);
              if (width === 390) await seriousAxe(page, `${user} ${path} at ${width}`);
            }
            await accountMenuInside(page, `${user} at ${width}`);
          }
        });
      }
    });
  });
}
