// Real users on the demo data, through the UI: intake, a session with an identifier warning,
// a phase change, a plan for approval, the supervisor's queue, national statistics with
// suppression and downloads, the auditor's chain check, and the administrator's users.
// The demo seed on this branch has users and facilities only, so the tests create the case.
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
export function workflowTests({ srv, withPage, signIn }) {
  /** @type {{ pseudonym: string, path: string } | null} */
  let opened = null;

  /** @param {import('playwright-core').Page} page */
  async function noViolations(page, what = '') {
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
  }

  describe('workflows', () => {
    test('a practitioner opens a case, records a session past the identifier warning, and moves it to assessment', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'practitioner', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseload' }).click();
        await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
        // The demo world gives the practitioner a caseload at Northgate.
        await page.getByText(/Cases shown: [1-9]\d*/).waitFor();
        await noViolations(page, 'caseload');

        await page.getByRole('link', { name: 'New intake' }).click();
        await page.getByRole('heading', { level: 1, name: 'New intake' }).waitFor();
        // Submitting empty shows per-field problems from the server.
        await page.getByRole('button', { name: 'Open the case' }).click();
        await page.getByRole('alert').getByText('There is a problem').waitFor();
        await noViolations(page, 'intake with errors');

        const programme = page.getByLabel('Programme');
        await programme.locator('option', { hasText: 'Arcadia' }).waitFor({ state: 'attached' });
        await programme.selectOption({ label: 'Arcadia Disengagement and Reintegration Programme' });
        await page.getByLabel('Facility').selectOption({ label: 'Northgate Prison' });
        await page.getByLabel('Year of birth').fill('1991');
        await page.getByLabel('Gender').selectOption('male');
        await page.getByLabel(/^Nationality/).fill('XA');
        await page.getByLabel('Returnee').check();
        await page.getByLabel('The participant has given informed consent').check();
        await page.getByRole('button', { name: 'Open the case' }).click();

        const h1 = page.getByRole('heading', { level: 1, name: /^Case PW/ });
        await h1.waitFor();
        const pseudonym = ((await h1.textContent()) ?? '').replace(/^Case /, '');
        opened = { pseudonym, path: new URL(page.url()).pathname.replace(/\/timeline$/, '') };
        assert.equal(await page.getByTestId('case-phase').textContent(), 'Intake');
        await noViolations(page, 'workspace timeline');

        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseload' }).click();
        await page.getByTestId('case-table').getByRole('link', { name: pseudonym }).click();
        await page.getByRole('heading', { level: 1, name: `Case ${pseudonym}` }).waitFor();

        // A session whose notes name someone: warned, confirmed, saved.
        const sections = page.getByRole('navigation', { name: 'Case sections' });
        await sections.getByRole('link', { name: 'Sessions' }).click();
        const type = page.getByLabel('Intervention type');
        try {
          await type.waitFor({ timeout: 10_000 });
        } catch (err) {
          throw new Error(`no session form at ${page.url()}; page:\n${await page.locator('main').innerHTML()}`, { cause: err });
        }
        try {
          await type.locator('option').nth(1).waitFor({ state: 'attached', timeout: 10_000 });
        } catch (err) {
          throw new Error(`no intervention types offered; page:\n${await page.locator('main').innerHTML()}`, { cause: err });
        }
        await type.selectOption({ index: 1 });
        await page.getByLabel('Notes').fill('Discussed family visits with Mr Haddad.');
        await page.getByRole('button', { name: 'Save the session' }).click();
        await page.getByText('This text may identify a person.', { exact: false }).waitFor();
        await noViolations(page, 'identifier warning');
        await page.getByLabel('I confirm this text contains no identifying details').check();
        await page.getByRole('button', { name: 'Save the session' }).click();
        await page.getByRole('status').getByText('Session recorded.').waitFor();
        await page.getByTestId('sessions').locator('tbody tr').first().waitFor();

        // A second session with a phone number (trial 16, S6 and M7): the earlier success goes
        // when the warning comes, and every edit of the flagged text after it is kept.
        await type.selectOption({ index: 1 });
        const notes = page.getByLabel('Notes');
        await notes.fill('Called his brother on 07700 900123 before the visit.');
        await page.getByRole('button', { name: 'Save the session' }).click();
        await page.getByText('This text may identify a person.', { exact: false }).waitFor();
        assert.equal(await page.getByText('Session recorded.').count(), 0, 'no success above the refusal');
        await notes.click();
        await notes.press('End');
        await notes.press('Z');
        assert.equal(await notes.inputValue(), 'Called his brother on 07700 900123 before the visit.Z', 'the first keystroke is kept');
        await notes.press('ControlOrMeta+a');
        await notes.pressSequentially('Worked on perspective-taking.');
        assert.equal(await notes.inputValue(), 'Worked on perspective-taking.', 'select-all and retype replaces the text');
        await notes.fill('Worked on perspective-taking; role play.');
        assert.equal(await notes.inputValue(), 'Worked on perspective-taking; role play.', 'a fill is kept');
        await page.getByRole('button', { name: 'Save the session' }).click();
        await page.getByRole('status').getByText('Session recorded.').waitFor();
        await page.getByTestId('sessions').getByText('Worked on perspective-taking; role play.').waitFor();

        await sections.getByRole('link', { name: 'Timeline' }).click();
        const chips = page.getByTestId('timeline').getByRole('list', { name: 'Memorandum practices evidenced' });
        await chips.first().waitFor();
        // Each practice code has its title beside it (trial 16, M1).
        assert.match((await chips.first().textContent()) ?? '', /GP\d+ \p{L}{3,}/u);

        await sections.getByRole('link', { name: 'Practices' }).click();
        await page.getByTestId('practices').locator('tbody tr').nth(24).waitFor();
        await noViolations(page, 'practices');

        // intake → assessment needs no approval.
        await sections.getByRole('link', { name: 'Phase change' }).click();
        await page.getByLabel('To', { exact: true }).selectOption('assessment');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.getByRole('status').getByText('The case is now in Assessment.').waitFor();
        await page.getByTestId('case-phase').getByText('Assessment').waitFor();

        // A plan, submitted for a supervisor's approval.
        await sections.getByRole('link', { name: 'Plans' }).click();
        await page.getByLabel('Assessed need').fill('Family ties');
        await page.getByLabel('What will be done').fill('Monthly family mediation sessions.');
        await page.getByRole('button', { name: 'Save draft plan' }).click();
        await page.getByRole('button', { name: 'Submit for approval' }).click();
        await page.getByRole('button', { name: 'Yes, submit' }).click();
        await page.getByRole('status').getByText('Plan sent for approval.').waitFor();
        await noViolations(page, 'plans');
      });
    });

    test('the supervisor sees the plan in the approvals queue and approves it', async () => {
      const o = opened;
      if (!o) throw new Error('the practitioner test did not open a case');
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'supervisor', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
        await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
        const item = page.getByTestId('approvals').getByRole('listitem').filter({ hasText: o.pseudonym });
        await item.waitFor();
        // The card says what is decided: the plan's goal as written, and that none is in force yet.
        await item.getByText('Monthly family mediation sessions.').waitFor();
        await item.getByText('No plan is in force yet: this would be the first.').waitFor();
        // The navigation counts what waits for this supervisor.
        await page.getByRole('navigation', { name: 'Main' }).getByText(/\d+ waiting/).waitFor();
        // A revised plan (the demo's version 2 beside an approved version 1) shows what changed
        // since the version in force: its new goals marked, its changed goals marked with what
        // changed (the demo's revision moved target dates, trial 17 S1), the dropped ones listed.
        const revised = page.getByTestId('approvals').getByRole('listitem').filter({ hasText: /Replaces version \d+, in force now\./ });
        await revised.first().waitFor();
        await revised.first().getByText(/^New since version \d+$/).first().waitFor();
        await revised.first().getByText(/^Changed since version \d+$/).first().waitFor();
        await revised.first().getByText(/^Target date: .+ → .+$/).first().waitFor();
        await revised.first().getByRole('heading', { name: /^Goals of version \d+ no longer in the plan$/ }).waitFor();
        await noViolations(page, 'approvals');
        await item.getByRole('button', { name: 'Approve' }).click();
        // A decision is confirmed first, naming what is decided; the result names it too.
        await item.getByRole('group').getByText(`Approve version 1 of the individual plan for ${o.pseudonym}?`, { exact: false }).waitFor();
        await item.getByRole('button', { name: 'Yes, approve' }).click();
        await page.getByRole('status').getByText(`Individual plan version 1 approved for ${o.pseudonym}.`).waitFor();

        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
        await page.getByRole('heading', { level: 2, name: 'Caseload by phase' }).waitFor();
        await page.getByTestId('phase-table').waitFor();
        await noViolations(page, 'overview');

        await page.goto(`${o.path}/plans`);
        await page.getByRole('heading', { level: 3, name: /Version 1 — Approved/ }).waitFor();
      });
    });

    test('a national user sees suppressed cells and downloads the CSV', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'national', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statistics' }).click();
        await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
        // The page says how the figures are protected; counts are perturbed, never withheld.
        await page.getByTestId('protection-note').waitFor();
        const indicator = page.getByLabel('Indicator');
        await indicator.selectOption('active_cases');
        await page.getByTestId('perturbed').first().waitFor();
        // A rate over too few people is withheld: reoffending within 24 months by category
        // (a category nobody released 2 to 3 years ago holds has no rate at all).
        await indicator.selectOption('reoffending_24m');
        await page.getByLabel('Break down by').selectOption('category');
        await page.getByTestId('suppressed').first().waitFor();
        await noViolations(page, 'statistics');

        const href = await page.getByTestId('download-csv').getAttribute('href');
        assert.ok(href && href.includes('format=csv'), href ?? 'no href');
        const res = await page.request.get(href);
        assert.equal(res.status(), 200);
        const header = (await res.text()).split(/\r?\n/)[0] ?? '';
        assert.match(header, /suppressed/);
        assert.match(header, /value/);
        assert.match(header, /status/);
        const sdmx = await page.request.get((await page.getByTestId('download-sdmx').getAttribute('href')) ?? '');
        assert.equal(sdmx.status(), 200);
      });
    });

    test('the auditor verifies the chain', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'auditor', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
        await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
        await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
        await noViolations(page, 'audit');
        await page.getByRole('button', { name: 'Verify chain' }).click();
        await page.getByTestId('verdict').getByText('The chain is intact.', { exact: false }).waitFor();
      });
    });

    test('the administrator creates a user and gives them a role; the person sets their own password', async () => {
      let code = '';
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'admin', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
        await page.getByTestId('users').waitFor();
        await noViolations(page, 'administration');
        const form = page.getByRole('form', { name: 'Create user' });
        await form.getByLabel('Username').fill('newpsych');
        await form.getByLabel('Display name').fill('New Psychologist');
        await form.getByRole('button', { name: 'Create user' }).click();
        await page.getByRole('status').getByText('User newpsych created.').waitFor();
        // Nobody chooses the person's password for them: a one-time set-up code is shown once.
        code = ((await page.getByTestId('setup-code').textContent()) ?? '').trim();
        assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
        await page.getByTestId('users').getByRole('rowheader', { name: 'newpsych' }).waitFor();
        await noViolations(page, 'administration with a set-up code');

        const grant = page.getByRole('form', { name: 'Give a role' });
        await grant.getByLabel('User').selectOption({ label: 'newpsych' });
        await grant.getByLabel('Role').selectOption('practitioner');
        await grant.getByLabel('Scope').selectOption('facility');
        await grant.getByLabel('Facility').selectOption({ label: 'Northgate Prison' });
        await grant.getByRole('button', { name: 'Give a role' }).click();
        await page.getByRole('status').getByText('Role given to newpsych.').waitFor();
      });
      // The person sets their password with the code, from the sign-in page, then signs in.
      await withPage(async (page) => {
        await page.goto('/');
        await page.getByRole('link', { name: 'Have a set-up or reset code? Set your password' }).click();
        await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
        await noViolations(page, 'set password');
        await page.getByLabel('Username').fill('newpsych');
        await page.getByLabel('One-time code').fill(code);
        await page.getByLabel('New password', { exact: true }).fill('a-long-enough-password');
        await page.getByLabel('New password again').fill('a-long-enough-password');
        await page.getByRole('button', { name: 'Set my password' }).click();
        await page.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();
        await page.getByRole('link', { name: 'Go to sign-in' }).click();
        await signIn(page, 'newpsych', 'a-long-enough-password');
        await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      });
    });

    test('the administrator edits a facility and revokes a token; the auditor finds it by name and exports the trail as CSV', async () => {
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'admin', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
        const sections = page.getByRole('navigation', { name: 'Administration sections' });
        await sections.getByRole('link', { name: 'Facilities and programmes' }).click();
        await page.getByRole('heading', { level: 2, name: 'Facilities and programmes' }).waitFor();
        await page.getByTestId('facilities').getByRole('rowheader', { name: 'Northgate Prison' }).waitFor();
        await noViolations(page, 'administration: facilities and programmes');
        // A facility of its own, so the other journeys keep theirs.
        const add = page.getByRole('form', { name: 'Add a facility' });
        await add.getByLabel('Country').selectOption('XA');
        await add.getByLabel('Name').fill('Eastfield Centre');
        await add.getByLabel('Kind').selectOption('community');
        await add.getByRole('button', { name: 'Add a facility' }).click();
        await page.getByTestId('facilities').getByRole('rowheader', { name: 'Eastfield Centre' }).waitFor();
        await page.getByTestId('facilities').getByRole('button', { name: 'Edit Eastfield Centre' }).click();
        const edit = page.getByRole('form', { name: 'Edit the facility Eastfield Centre' });
        await edit.getByLabel('Name').fill('Eastfield Community Centre');
        await edit.getByLabel('Retired').check();
        await noViolations(page, 'administration: editing a facility');
        await edit.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('status').getByText('Facility Eastfield Community Centre saved.').waitFor();
        const row = page.getByTestId('facilities').getByRole('row', { name: /Eastfield Community Centre/ });
        await row.getByText(/^Retired on/).waitFor();

        await sections.getByRole('link', { name: 'API tokens' }).click();
        await page.getByRole('heading', { level: 2, name: 'API tokens' }).waitFor();
        const issue = page.getByRole('form', { name: 'Issue token' });
        // Only what this administrator may issue is offered (once the caller's rights are read).
        await issue.getByLabel('Role').locator('option[value="national_authority"]').waitFor({ state: 'attached' });
        const roles = await issue.getByLabel('Role').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value')).filter(Boolean));
        assert.deepEqual(roles, ['national_authority', 'auditor', 'admin']);
        await issue.getByLabel('Name of the client').fill('ministry feed');
        await issue.getByLabel('Role').selectOption('national_authority');
        await issue.getByLabel('Scope').selectOption('country');
        await issue.getByLabel('Country').selectOption('XA');
        await issue.getByLabel('statistics').check();
        await issue.getByRole('button', { name: 'Issue token' }).click();
        const secret = ((await page.getByTestId('token-secret').textContent()) ?? '').trim();
        assert.match(secret, /^pw_/);
        await noViolations(page, 'administration: tokens with a secret shown');
        await page.getByTestId('tokens').getByRole('button', { name: 'Revoke ministry feed' }).click();
        const confirm = page.getByRole('group', { name: /Revoke the token ministry feed\?/ });
        await noViolations(page, 'administration: confirming a revocation');
        await confirm.getByRole('button', { name: /revoke/i }).click();
        await page.getByRole('status').getByText('Token ministry feed revoked.').waitFor();
        // The revoked token no longer opens anything, and its secret is nowhere on the page.
        const refused = await page.request.get('/api/v1/statistics/indicators', { headers: { Authorization: `Bearer ${secret}` } });
        assert.equal(refused.status(), 401);
        assert.equal(await page.getByText(secret).count(), 0);
      });
      await withPage(async (page) => {
        await page.goto('/');
        await signIn(page, 'auditor', srv().password);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
        await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
        await page.getByLabel('Actor').fill('ADM');
        await page.getByLabel('Action').fill('facility.update');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        // The facility is named, not only its id.
        await page.getByTestId('audit-table').getByText('Eastfield Community Centre').first().waitFor();
        await noViolations(page, 'audit filtered by part of an actor');
        const href = (await page.getByTestId('audit-csv').getAttribute('href')) ?? '';
        assert.match(href, /format=csv/);
        assert.match(href, /actor_contains=ADM/);
        const csv = await page.request.get(href);
        assert.equal(csv.status(), 200);
        assert.match(csv.headers()['content-type'] ?? '', /^text\/csv/);
        const lines = (await csv.text()).trim().split('\n');
        assert.match(lines[0] ?? '', /^seq,at,actor_id,actor_name/);
        assert.ok(lines.length >= 2, 'the export holds the facility change');
        assert.ok(lines.slice(1).every((l) => l.includes('facility.update')), 'only the filtered events');
        assert.ok(lines.some((l) => l.includes('Eastfield Community Centre')), 'the export names the facility');
        // The export is itself on the record.
        await page.getByLabel('Actor').fill('auditor');
        await page.getByLabel('Action').fill('audit.export');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.getByTestId('audit-table').getByText('audit.export').first().waitFor();
      });
    });
  });
}
