// Each role's main journey in Arabic, on the demo data: the practitioner records a session,
// the supervisor decides a request, the national user reads a statistic, the auditor verifies
// the chain, the administrator creates a user. Each signs in from the Arabic sign-in page, and
// every page they pass is right-to-left, in Arabic, and clean under axe. The words are taken
// from the Arabic catalogue itself, so a missing or English string fails here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ar from '../src/i18n/ar.json' with { type: 'json' };
import { axeViolations } from './axe.js';

/** @typedef {import('playwright-core').Page} Page */

const ARABIC = /[\u0600-\u06FF]/;

/**
 * @param {{
 *   srv: () => import('./server.js').Running,
 *   withPage: (fn: (p: Page) => Promise<void>) => Promise<void>,
 * }} h
 */
export function arabicTests({ srv, withPage }) {
  /** Chooses Arabic on the sign-in page, then signs in with the Arabic labels.
   * @param {Page} page @param {string} username */
  async function signInArabic(page, username) {
    await page.goto('/');
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: ar.signIn.title }).waitFor();
    await page.getByLabel(ar.signIn.username).fill(username);
    await page.getByLabel(ar.signIn.password, { exact: true }).fill(srv().password);
    await page.getByRole('button', { name: ar.signIn.submit }).click();
    await page.getByRole('navigation', { name: ar.nav.label }).waitFor();
  }

  /** The page is right-to-left Arabic, its main heading is in Arabic, and axe finds nothing.
   * @param {Page} page @param {string} what */
  async function arabicAndClean(page, what) {
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl', `${what}: dir`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar', `${what}: lang`);
    const h1 = (await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '';
    assert.match(h1, ARABIC, `${what}: the main heading is in Arabic (${h1})`);
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
  }

  /** @param {Page} page @param {string} name */
  async function nav(page, name) {
    await page.getByRole('navigation', { name: ar.nav.label }).getByRole('link', { name }).click();
  }

  describe('each role in Arabic', () => {
    test('a practitioner records a session', async () => {
      await withPage(async (page) => {
        await signInArabic(page, 'practitioner');
        await nav(page, ar.nav.caseload);
        await page.getByTestId('case-table').waitFor();
        await arabicAndClean(page, 'caseload');
        // A case of the caseload in intervention, where sessions are recorded.
        const res = await page.request.get('/api/v1/cases?phase=intervention&limit=1');
        assert.equal(res.status(), 200);
        const id = /** @type {{ items: { id: string }[] }} */ (await res.json()).items[0]?.id;
        assert.ok(id, 'the demo caseload has a case in intervention');
        await page.goto(`/cases/${id}/sessions`);
        const type = page.getByLabel(ar.sessions.type);
        await type.locator('option').nth(1).waitFor({ state: 'attached' });
        await type.selectOption({ index: 1 });
        await page.getByLabel(ar.sessions.notes).fill('ناقشنا أهداف الأسبوع والتزامات العمل.');
        await page.getByRole('button', { name: ar.sessions.save }).click();
        await page.getByRole('status').getByText(ar.sessions.saved).waitFor();
        await page.getByTestId('sessions').getByText('ناقشنا أهداف الأسبوع').first().waitFor();
        await arabicAndClean(page, 'sessions, one recorded');
      });
    });

    test('a supervisor approves a milestone claim, knowing what it is', async () => {
      await withPage(async (page) => {
        await signInArabic(page, 'supervisor');
        await nav(page, ar.nav.approvals);
        const item = page
          .getByTestId('approvals')
          .getByRole('listitem')
          .filter({ hasText: ar.approvals.achievedOn })
          .filter({ has: page.getByRole('button', { name: ar.approvals.approve }) })
          .first();
        await item.waitFor();
        await arabicAndClean(page, 'approvals');
        await item.getByRole('button', { name: ar.approvals.approve }).click();
        // A decision is confirmed first, in Arabic too (the card no longer shows its Approve
        // button then, so it is found by the question, one at a time).
        await page.getByTestId('approvals').getByRole('button', { name: ar.confirm.yes.replace('{{action}}', ar.approvals.approveVerb) }).click();
        const [before] = ar.approvals.approved.split('{{');
        await page.getByRole('status').getByText(before ?? '', { exact: false }).waitFor();
      });
    });

    test('a national user reads a statistic', async () => {
      await withPage(async (page) => {
        await signInArabic(page, 'national');
        await nav(page, ar.nav.statistics);
        await page.getByTestId('stat-table').waitFor();
        await page.getByTestId('protection-note').waitFor();
        assert.match((await page.locator('#stat-title').textContent()) ?? '', ARABIC);
        await arabicAndClean(page, 'statistics');
      });
    });

    test('the auditor verifies the chain', async () => {
      await withPage(async (page) => {
        await signInArabic(page, 'auditor');
        await nav(page, ar.nav.audit);
        await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
        await page.getByRole('button', { name: ar.audit.verify }).click();
        const [intact] = ar.audit.chainOk.split('{{');
        await page.getByTestId('verdict').getByText(intact ?? '', { exact: false }).waitFor();
        await arabicAndClean(page, 'audit, chain verified');
      });
    });

    test('the administrator creates a user', async () => {
      await withPage(async (page) => {
        await signInArabic(page, 'admin');
        await nav(page, ar.nav.administration);
        await page.getByTestId('users').waitFor();
        const form = page.getByRole('form', { name: ar.admin.createUser });
        await form.getByLabel(ar.home.username).fill('arabicpsych');
        await form.getByLabel(ar.home.displayName).fill('أخصائية نفسية');
        await form.getByRole('button', { name: ar.admin.createUser }).click();
        await page.getByRole('status').getByText(ar.admin.userCreated.replace('{{username}}', 'arabicpsych')).waitFor();
        await page.getByTestId('setup-code').waitFor();
        await arabicAndClean(page, 'administration, a user created');
      });
    });
  });
}
