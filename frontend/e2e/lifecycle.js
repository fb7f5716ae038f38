/* global document, HTMLSelectElement -- the callbacks of page.evaluate run in the browser */
// One case through its whole lifecycle in the browser, on the demo world, each step by the
// person who does it in a programme: the practitioner records and requests; supervisor and
// supervisor2 decide in the Approvals page (never on their own request).
//
// The case is released (recorded under Releases), followed up against its points, recalled
// (the release kept with its recall, later points closed in custody, the reintegration plan
// retired) and released again on a newly approved plan. Closing as `completed` needs the
// programme's aftercare period (12 months in the demo) since the release, and a release date
// may not lie in the future nor is it honest to back-date one by a year on a case opened
// today. So the walk shows the refusal of `completed` at the closure-reason field, then closes
// the case as `withdrawn` with a reason. The closed case's participant is then taken in again
// (re-entry); a recall is also shown on a demo case already in reintegration, and a transfer
// from Riverside to Northgate is asked for and accepted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations } from './axe.js';

/** @typedef {import('playwright-core').Page} Page */

/**
 * @param {{
 *   srv: () => import('./server.js').Running,
 *   withPage: (fn: (p: import('playwright-core').Page) => Promise<void>) => Promise<void>,
 *   signIn: (p: import('playwright-core').Page, u: string, pw: string) => Promise<void>,
 * }} h
 */
export function lifecycleTests({ srv, withPage, signIn }) {
  /** @type {{ pseudonym: string, path: string } | null} */
  let k = null;
  const today = new Date().toISOString().slice(0, 10);
  // Today as the English interface writes a date ("5 Dec 2026"), never ISO (trial 16, M2).
  const todayText = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));
  /** @param {number} n */
  const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

  /** @param {Page} page @param {string} what */
  async function noViolations(page, what) {
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
  }

  /** Signs in as `user` and runs `fn` on a fresh page.
   * @param {string} user @param {(p: Page) => Promise<void>} fn */
  function as(user, fn) {
    return withPage(async (page) => {
      await page.goto('/');
      await signIn(page, user, srv().password);
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await fn(page);
    });
  }

  function kase() {
    if (!k) throw new Error('no case opened by an earlier step');
    return k;
  }

  /** Opens a section of the case workspace.
   * @param {Page} page @param {string} name */
  async function section(page, name) {
    await page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name, exact: true }).click();
  }

  /** @param {Page} page @param {string} label */
  async function phaseIs(page, label) {
    await page.getByTestId('case-phase').getByText(label, { exact: true }).waitFor();
  }

  /** The timeline holds an entry whose line (written in English from its params) contains `text`.
   * @param {Page} page @param {string} text */
  async function onTimeline(page, text) {
    await section(page, 'Timeline');
    await page.getByTestId('timeline').getByText(text, { exact: false }).first().waitFor();
  }

  /** The practitioner asks for a phase change that needs approval.
   * @param {Page} page @param {string} to @param {string} [reason] */
  async function request(page, to, reason = '') {
    await section(page, 'Phase change');
    await page.getByLabel('To', { exact: true }).selectOption(to);
    // A forward change asks "why now" (optional); a recall, a step back or an early closure a reason.
    if (reason) await page.getByLabel(/^(Reason|Why now)/).fill(reason);
    await page.getByRole('button', { name: 'Request the change' }).click();
    await page.getByRole('button', { name: 'Yes, request it' }).click();
    await page.getByRole('status').getByText('Sent for approval', { exact: false }).waitFor();
  }

  /** A supervisor approves the one pending item of the case whose title matches `kind`.
   * @param {string} user @param {string} kind @param {string} [pseudonym] */
  function approve(user, kind, pseudonym) {
    const who = pseudonym ?? kase().pseudonym;
    return as(user, async (page) => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
      await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
      const item = page.getByTestId('approvals').getByRole('listitem').filter({ hasText: who }).filter({ hasText: kind });
      await item.waitFor();
      assert.equal(await item.count(), 1, `one pending ${kind} for ${who}`);
      await item.getByRole('button', { name: 'Approve' }).click();
      await item.getByRole('button', { name: 'Yes, approve' }).click();
      await page.getByRole('status').getByText(` approved for ${who}.`, { exact: false }).waitFor();
    });
  }

  describe('lifecycle', () => {
    test('intake, then assessment: guards shown at the phase form, baseline drafted, edited, finalised and corrected', async () => {
      await as('practitioner', async (page) => {
        await page.goto('/cases/new');
        const programme = page.getByLabel('Programme');
        await programme.locator('option', { hasText: 'Arcadia' }).waitFor({ state: 'attached' });
        await programme.selectOption({ label: 'Arcadia Disengagement and Reintegration Programme' });
        await page.getByLabel('Facility').selectOption({ label: 'Northgate Prison' });
        await page.getByLabel('Year of birth').fill('1988');
        await page.getByLabel('Gender').selectOption('male');
        await page.getByLabel(/^Nationality/).fill('XA');
        await page.getByLabel('The participant has given informed consent').check();
        await page.getByRole('button', { name: 'Open the case' }).click();
        const h1 = page.getByRole('heading', { level: 1, name: /^Case PW/ });
        await h1.waitFor();
        k = { pseudonym: ((await h1.textContent()) ?? '').replace(/^Case /, ''), path: new URL(page.url()).pathname.replace(/\/timeline$/, '') };
        await phaseIs(page, 'Intake');
        await page.getByTestId('timeline').getByText('Intake', { exact: false }).first().waitFor();

        await section(page, 'Phase change');
        await page.getByLabel('To', { exact: true }).selectOption('assessment');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.getByRole('status').getByText('The case is now in Assessment.').waitFor();
        await phaseIs(page, 'Assessment');

        // Too early for intervention: each unmet condition at the phase form, with a link.
        await page.getByLabel('To', { exact: true }).selectOption('intervention');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        const guards = page.getByTestId('guards');
        await guards.getByText('A finalised baseline assessment is needed first.').waitFor();
        await guards.getByText('An approved individual plan is needed first.').waitFor();
        assert.equal(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid'), 'true');
        await noViolations(page, 'phase change with unmet guards');
        await guards.getByRole('link', { name: 'Go to Assessments' }).click();

        // A draft with two items, then completed through "Edit" and finalised.
        await page.getByRole('heading', { level: 3, name: 'New assessment' }).waitFor();
        const ratings = page.getByLabel(/^Rating: /);
        await ratings.first().waitFor();
        const n = await ratings.count();
        assert.ok(n >= 2, `instrument items: ${n}`);
        await ratings.nth(0).selectOption('1');
        await ratings.nth(1).selectOption('2');
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.getByRole('status').getByText('Draft saved.').waitFor();
        const rows = page.getByTestId('assessments').locator('tbody tr');
        await rows.filter({ hasText: 'Draft' }).waitFor();

        await page.getByRole('button', { name: `Continue the draft of ${todayText}` }).click();
        await page.getByRole('heading', { level: 3, name: `Edit the draft of ${todayText}` }).waitFor();
        assert.equal(await ratings.nth(1).inputValue(), '2', 'the draft is loaded into the form');
        // Finalising with items unrated names each one in the summary, as a link, and marks it (trial 16, M5).
        await page.getByRole('button', { name: 'Save and finalise' }).click();
        await page.getByRole('button', { name: 'Yes, finalise' }).click();
        const missing = page.locator('form[aria-labelledby="assessment-form-title"]').getByTestId('error-summary').getByRole('link', { name: /Rating: / });
        await missing.first().waitFor();
        assert.equal(await missing.count(), n - 2, 'each unrated item is listed');
        assert.equal(await ratings.nth(2).getAttribute('aria-invalid'), 'true');
        assert.equal(await ratings.nth(0).getAttribute('aria-invalid'), null);
        await missing.first().click();
        assert.equal(await ratings.nth(2).evaluate((el) => el === document.activeElement), true, 'the link leads to the item');
        for (let i = 2; i < n; i++) await ratings.nth(i).selectOption(i % 3 === 0 ? 'not_rated' : '1');
        await page.getByLabel('Overall judgement').selectOption('moderate');
        await page.getByLabel('Rationale').fill('Engaged in the first interviews; some needs in family ties.');
        await noViolations(page, 'assessment draft edit');
        await page.getByRole('button', { name: 'Save and finalise' }).click();
        await page.getByRole('button', { name: 'Yes, finalise' }).click();
        await page.getByRole('status').getByText('Assessment finalised.').waitFor();
        await rows.filter({ hasText: 'Final' }).first().waitFor();
        assert.equal(await rows.count(), 1, 'the draft was revised, not duplicated');
        // The instrument by its name and its form's version, not its code (trial 16, M3/M6).
        assert.match((await rows.first().locator('td').nth(1).textContent()) ?? '', /^\D.*, form version \S+$/);
        assert.doesNotMatch((await rows.first().textContent()) ?? '', /\d{4}-\d{2}-\d{2}/);
        // A final baseline exists: the next assessment starts as a scheduled review (M4).
        await page.waitForFunction(() => {
          const control = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Occasion')?.control;
          return control instanceof HTMLSelectElement && control.value === 'scheduled';
        });

        // A correction: a new final assessment superseding the first; the first stays.
        await page.getByRole('button', { name: `Correct the assessment of ${todayText}` }).click();
        await page.getByText('A final assessment is never changed', { exact: false }).waitFor();
        await page.getByLabel('Overall judgement').selectOption('low');
        await page.getByRole('button', { name: 'Save and finalise' }).click();
        await page.getByRole('button', { name: 'Yes, finalise' }).click();
        await page.getByRole('status').getByText('Assessment finalised.').waitFor();
        await rows.nth(1).waitFor();
        assert.equal(await rows.filter({ hasText: 'Final' }).count(), 2);
        await rows.filter({ hasText: '(correction)' }).waitFor();
        await onTimeline(page, 'finalised');

        // The individual plan, for approval.
        await section(page, 'Plans');
        await page.getByLabel('Assessed need').fill('Family ties');
        await page.getByLabel('What will be done').fill('Monthly family mediation sessions.');
        await page.getByRole('button', { name: 'Save draft plan' }).click();
        await page.getByRole('button', { name: 'Submit for approval' }).click();
        await page.getByRole('group', { name: /Submit version 1 for approval\?/ }).waitFor();
        await page.getByRole('button', { name: 'Yes, submit' }).click();
        await page.getByRole('status').getByText('Plan sent for approval.').waitFor();
      });
    });

    test('the supervisor approves the plan and puts a colleague on the team with the picker', async () => {
      await approve('supervisor', 'Individual plan');
      await as('supervisor', async (page) => {
        await page.goto(`${kase().path}/team`);
        await page.getByRole('heading', { level: 2, name: 'Team' }).waitFor();
        const add = page.getByLabel('Add a member');
        await add.locator('option', { hasText: '(supervisor2)' }).waitFor({ state: 'attached' });
        // Only staff of this facility and scope are offered: not practitioner2 (Riverside).
        assert.equal(await add.locator('option', { hasText: '(practitioner2)' }).count(), 0);
        await add.selectOption({ label: (await add.locator('option', { hasText: '(supervisor2)' }).textContent()) ?? '' });
        await page.getByRole('button', { name: 'Add to the team' }).click();
        await page.getByLabel('Discipline of supervisor2').selectOption('psychologist');
        await noViolations(page, 'team editor');
        await page.getByRole('button', { name: 'Save the team' }).click();
        await page.getByRole('status').getByText('Team saved.').waitFor();
        await page.getByRole('rowheader', { name: 'supervisor2' }).waitFor();
        await page.goto(`${kase().path}/plans`);
        await page.getByRole('heading', { level: 3, name: /Version 1 — Approved/ }).waitFor();
      });
    });

    test('into intervention on approval, then a group session with another case', async () => {
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await request(page, 'intervention');
      });
      await approve('supervisor2', 'Intervention');
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await phaseIs(page, 'Intervention');
        await onTimeline(page, 'From Assessment to Intervention. Approved by a supervisor.');

        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Group session' }).click();
        await page.getByRole('heading', { level: 1, name: 'Group session' }).waitFor();
        await page.getByLabel('Facility').selectOption({ label: 'Northgate Prison' });
        // A group session is never "individual" (trial 16, M8).
        assert.deepEqual(await page.getByLabel('Format').locator('option').allTextContents(), ['Group', 'Family']);
        const table = page.getByTestId('group-participants');
        await table.waitFor();
        await noViolations(page, 'group session page');
        const type = page.getByLabel('Intervention type');
        await type.locator('option').nth(1).waitFor({ state: 'attached' });
        await type.selectOption({ index: 1 });
        await page.getByLabel(kase().pseudonym, { exact: true }).check();
        // A second participant: the first other open case listed.
        const other = table.locator('tbody tr').filter({ hasNotText: kase().pseudonym }).first().getByRole('checkbox');
        await other.check();
        await page.getByLabel(`Engagement of ${kase().pseudonym}`).selectOption('4');
        const second = table.locator('tbody tr').filter({ has: page.locator('input:checked') }).filter({ hasNotText: kase().pseudonym });
        await second.getByRole('combobox').first().selectOption('late');
        await page.getByLabel('Notes').fill('Group discussion led by Mr Haddad.');
        await page.getByText('Participants chosen: 2').waitFor();
        await page.getByRole('button', { name: 'Save the group session' }).click();
        await page.getByText('This text may identify a person.', { exact: false }).waitFor();
        await noViolations(page, 'group session identifier warning');
        await page.getByLabel('I confirm this text contains no identifying details').check();
        await page.getByRole('button', { name: 'Save the group session' }).click();
        await page.getByRole('status').getByText('Group session recorded. Participants: 2.').waitFor();
        // The confirmation names who it was recorded for, each a link to the case (M8).
        const recorded = page.getByTestId('group-saved').getByRole('list', { name: 'Recorded for:' }).getByRole('link');
        assert.equal(await recorded.count(), 2);
        await page.getByTestId('group-saved').getByRole('link', { name: kase().pseudonym, exact: true }).waitFor();

        await page.goto(`${kase().path}/sessions`);
        const row = page.getByTestId('sessions').locator('tbody tr').first();
        await row.getByRole('cell', { name: 'Group', exact: true }).waitFor(); // the notes cell says "Group discussion…" too
        await row.getByText('Attended').waitFor();
        await onTimeline(page, 'Group. Length in minutes: 60. Attendance: Attended.');
      });
    });

    test('expected release date in the details form, then pre-release on approval', async () => {
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await section(page, 'Phase change');
        await page.getByLabel('To', { exact: true }).selectOption('pre_release');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        // Without the expected release date the guard says so, with a link to the details.
        await page.getByTestId('guards').getByText('Set the expected release date first.').waitFor();
        await page.getByTestId('guards').getByRole('link', { name: 'Go to Case details' }).click();
        await page.getByRole('heading', { level: 2, name: 'Case details' }).waitFor();
        // The release itself is recorded under Releases, not among the details.
        assert.equal(await page.getByLabel('Actual release date').count(), 0);
        await page.getByLabel('Expected release date').fill(inDays(60));
        await noViolations(page, 'case details');
        await page.getByRole('button', { name: 'Save the details' }).click();
        await page.getByRole('status').getByText('Case details saved.').waitFor();
        await onTimeline(page, 'Changed: expected release date.');
        await request(page, 'pre_release');
      });
      await approve('supervisor', 'Pre-release');
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await phaseIs(page, 'Pre-release');
        await onTimeline(page, 'From Intervention to Pre-release. Approved by a supervisor.');
        // The reintegration plan, saved then submitted.
        await section(page, 'Reintegration plan');
        await page.getByLabel('Supervising agency').fill('Probation service, north region');
        const housing = page.getByLabel('Housing: status');
        await housing.selectOption({ index: 2 });
        await page.getByLabel('Housing: what is arranged').fill('Hostel place arranged with the local authority.');
        await page.getByRole('button', { name: 'Save the plan' }).click();
        await page.getByRole('status').getByText('Reintegration plan saved.').waitFor();
        await page.getByRole('button', { name: 'Submit for approval' }).click();
        await page.getByRole('button', { name: 'Yes, submit' }).click();
        await page.getByRole('status').getByText('Reintegration plan sent for approval.').waitFor();
      });
      await approve('supervisor2', 'Reintegration plan');
    });

    test('released: recorded under Releases (never in the future), reintegration on approval, follow-up points with their due dates', async () => {
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/releases`);
        await page.getByRole('heading', { level: 2, name: 'Releases' }).waitFor();
        await page.getByText('No release recorded yet.').waitFor();
        // A release in the future is refused at its field.
        await page.getByLabel('Release date').fill(inDays(3));
        await page.getByLabel('Release type').selectOption('parole');
        await page.getByLabel('Supervising agency').fill('Probation service, north region');
        await page.getByLabel('Conditions').fill('Reports weekly; no contact with the former network.');
        await page.getByRole('button', { name: 'Save the release' }).click();
        await page.locator('.field--error').getByText('This date is in the future: enter it once it has happened.').waitFor();
        await page.getByLabel('Release date').fill(today);
        await noViolations(page, 'release form');
        await page.getByRole('button', { name: 'Save the release' }).click();
        await page.getByRole('status').getByText('Release recorded.').waitFor();
        await page.getByTestId('releases').getByText('Recorded, reintegration to approve').waitFor();
        await onTimeline(page, 'Release type: Parole.');
        await request(page, 'reintegration');
      });
      await approve('supervisor', 'Reintegration');
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await phaseIs(page, 'Reintegration');
        await onTimeline(page, 'From Pre-release to Reintegration. Approved by a supervisor.');
        // The programme's follow-up points, due 3, 6, 12 and 24 months after the release.
        await section(page, 'Follow-ups');
        const points = page.getByTestId('follow-up-points');
        await points.waitFor();
        assert.equal(await points.locator('tbody tr').count(), 4);
        const first = points.locator('tbody tr').filter({ hasText: '3 months' });
        const due3 = (await first.locator('td').nth(1).locator('time').getAttribute('datetime')) ?? ''; // ISO, whatever the language shows
        await noViolations(page, 'follow-up points');
        await first.getByRole('button', { name: /^Record: 3 months/ }).click();
        assert.notEqual(await page.getByLabel('Follow-up point', { exact: true }).inputValue(), '');
        await page.getByLabel('Date', { exact: true }).fill(today);
        // The outcomes start unset (trial 17, M11): the practitioner chooses them.
        assert.equal(await page.getByLabel('New offence', { exact: true }).inputValue(), '');
        await page.getByLabel('Supervision compliance', { exact: true }).selectOption('compliant');
        await page.getByLabel('New offence', { exact: true }).selectOption('none');
        await page.getByRole('button', { name: 'Save the follow-up' }).click();
        await page.getByRole('status').getByText('Follow-up recorded.').waitFor();
        await points.locator('tbody tr').filter({ hasText: '3 months' }).getByText('Reached').waitFor();
        assert.ok(due3 > today, `the 3-month point is due after the release (${due3})`);
        // The 24-month point will not be reached: the participant is moving abroad.
        await points.locator('tbody tr').filter({ hasText: '24 months' }).getByRole('button', { name: /^Not reached: 24 months/ }).click();
        await page.getByLabel('Why it was not reached').selectOption('moved_abroad');
        await page.getByRole('button', { name: 'Close the point' }).click();
        await page.getByRole('status').getByText('Point closed as not reached', { exact: false }).waitFor();
        await points.locator('tbody tr').filter({ hasText: '24 months' }).getByText('Not reached — Moved abroad', { exact: false }).waitFor();
        await onTimeline(page, 'Follow-up at month 0. It reaches the follow-up point of month 3.');
      });
    });

    test('recall: the release is kept with its recall, later points close in custody, the reintegration plan is retired', async () => {
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/phase`);
        await page.getByLabel('To', { exact: true }).selectOption('intervention');
        assert.equal(await page.getByLabel('To', { exact: true }).locator('option:checked').textContent(), 'Intervention (recall)');
        await page.getByLabel('Reason (required)').fill('Breach of supervision conditions reported by probation.');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        // The recall's reason is asked for.
        await page.locator('.field--error').first().waitFor();
        await page.getByLabel('Reason for the recall').selectOption('breach_of_conditions');
        await noViolations(page, 'recall form');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.getByRole('status').getByText('Sent for approval', { exact: false }).waitFor();
      });
      await approve('supervisor2', 'Intervention');
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/releases`);
        await phaseIs(page, 'Intervention');
        const rows = page.getByTestId('releases').locator('tbody tr');
        await rows.first().getByText('Recalled', { exact: true }).waitFor();
        // A sentence (trial 16, M20), the date as the language writes it, never ISO (M2).
        await rows.first().getByText(/^Recalled on \d{1,2} [A-Z][a-z]{2} \d{4} \(Breach of conditions\)\. Then: /).waitFor();
        await section(page, 'Follow-ups');
        await page.getByTestId('follow-up-points').locator('tbody tr').filter({ hasText: '6 months' }).getByText('Not reached — In custody', { exact: false }).waitFor();
        await section(page, 'Reintegration plan');
        await page.getByTestId('reintegration-status').getByText('Retired at a recall', { exact: false }).waitFor();
      });
    });

    test('a second release: pre-release again, the revised plan approved anew, released on conditions', async () => {
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/details`);
        await page.getByLabel('Expected release date').fill(inDays(30));
        await page.getByRole('button', { name: 'Save the details' }).click();
        await page.getByRole('status').getByText('Case details saved.').waitFor();
        await request(page, 'pre_release', 'Second release planned');
      });
      await approve('supervisor', 'Pre-release');
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/reintegration`);
        await phaseIs(page, 'Pre-release');
        await page.getByLabel('Supervising agency').fill('Probation service, north region');
        await page.getByRole('button', { name: 'Save the plan' }).click();
        await page.getByRole('status').getByText('Reintegration plan saved.').waitFor();
        await page.getByRole('button', { name: 'Submit for approval' }).click();
        await page.getByRole('button', { name: 'Yes, submit' }).click();
        await page.getByRole('status').getByText('Reintegration plan sent for approval.').waitFor();
      });
      await approve('supervisor2', 'Reintegration plan');
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/releases`);
        await page.getByLabel('Release date').fill(today);
        await page.getByLabel('Release type').selectOption('conditional');
        await page.getByRole('button', { name: 'Save the release' }).click();
        await page.getByRole('status').getByText('Release recorded.').waitFor();
        await request(page, 'reintegration');
      });
      await approve('supervisor', 'Reintegration');
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/releases`);
        await phaseIs(page, 'Reintegration');
        const rows = page.getByTestId('releases').locator('tbody tr');
        await rows.nth(1).getByText('Released', { exact: true }).waitFor();
        assert.equal(await rows.count(), 2, 'both releases are kept');
        await rows.first().getByText('Recalled', { exact: true }).waitFor();
        await noViolations(page, 'two releases');
      });
    });

    test('closure: completed is refused before the aftercare period ends; withdrawn with a reason is approved', async () => {
      await as('practitioner', async (page) => {
        await page.goto(`${kase().path}/phase`);
        await page.getByLabel('To', { exact: true }).selectOption('closed');
        await page.getByLabel('Closure reason').selectOption('completed');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        const closure = page.getByLabel('Closure reason');
        await page.getByText("The programme's aftercare period has not ended yet", { exact: false }).first().waitFor();
        assert.equal(await closure.getAttribute('aria-invalid'), 'true');
        await closure.selectOption('withdrawn');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.locator('.field--error').getByText('Give the reason.').waitFor();
        await noViolations(page, 'closure with problems');
        await page.getByLabel('Reason (required)').fill('The participant withdrew consent after release.');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.getByRole('status').getByText('Sent for approval', { exact: false }).waitFor();
      });
      await approve('supervisor2', 'Closed');
      await as('practitioner', async (page) => {
        await page.goto(kase().path);
        await phaseIs(page, 'Closed');
        await onTimeline(page, 'From Reintegration to Closed. Approved by a supervisor.');
        await section(page, 'Case details');
        await page.getByText('This case is closed', { exact: false }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Save the details' }).count(), 0);
      });
    });

    test('recall: a demo case in reintegration goes back to intervention with a reason', async () => {
      /** @type {{ pseudonym: string, path: string } | null} */
      let r = null;
      await as('practitioner', async (page) => {
        await page.goto('/caseload');
        await page.getByLabel('Phase').selectOption('reintegration');
        const link = page.getByTestId('case-table').locator('tbody tr').first().getByRole('link');
        await link.waitFor();
        const pseudonym = ((await link.textContent()) ?? '').trim();
        await link.click();
        await page.getByRole('heading', { level: 1, name: `Case ${pseudonym}` }).waitFor();
        r = { pseudonym, path: new URL(page.url()).pathname.replace(/\/timeline$/, '') };
        await section(page, 'Phase change');
        await page.getByLabel('To', { exact: true }).selectOption('intervention');
        assert.equal(await page.getByLabel('To', { exact: true }).locator('option:checked').textContent(), 'Intervention (recall)');
        await page.getByLabel('Reason for the recall').selectOption('new_offence');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.locator('.field--error').getByText('Give the reason.').waitFor();
        await page.getByLabel('Reason (required)').fill('Arrested on suspicion of a new offence, reported by probation.');
        await page.getByRole('button', { name: 'Request the change' }).click();
        await page.getByRole('button', { name: 'Yes, request it' }).click();
        await page.getByRole('status').getByText('Sent for approval', { exact: false }).waitFor();
      });
      const rc = /** @type {{ pseudonym: string, path: string }} */ (/** @type {unknown} */ (r));
      await approve('supervisor', 'Intervention', rc.pseudonym);
      await as('practitioner', async (page) => {
        await page.goto(rc.path);
        await phaseIs(page, 'Intervention');
        await onTimeline(page, 'From Reintegration to Intervention. Approved by a supervisor.');
        // The release is kept, with its recall.
        await section(page, 'Releases');
        await page.getByTestId('releases').locator('tbody tr').last().getByText('Recalled', { exact: true }).waitFor();
      });
    });

    test('re-entry: the participant of the closed case is looked up at intake and taken in again on a court order, without consent', async () => {
      await as('practitioner', async (page) => {
        await page.goto('/cases/new');
        await page.getByLabel('Look up by').selectOption('pseudonym');
        await page.getByLabel('Reference or pseudonym').fill(kase().pseudonym);
        await page.getByRole('button', { name: 'Look up' }).click();
        const matches = page.getByTestId('reentry-matches');
        await matches.getByText(kase().pseudonym, { exact: true }).waitFor();
        await noViolations(page, 're-entry lookup');
        await matches.getByRole('button', { name: `Open the new case for ${kase().pseudonym}` }).click();
        await page.getByTestId('reentry-of').waitFor();
        const programme = page.getByLabel('Programme');
        await programme.locator('option', { hasText: 'Arcadia' }).waitFor({ state: 'attached' });
        await programme.selectOption({ label: 'Arcadia Disengagement and Reintegration Programme' });
        await page.getByLabel('Facility').selectOption({ label: 'Northgate Prison' });
        await page.getByLabel('Legal basis').selectOption('court_order');
        await page.getByRole('button', { name: `Open the case for ${kase().pseudonym}` }).click();
        const h1 = page.getByRole('heading', { level: 1, name: `Case ${kase().pseudonym}` });
        await h1.waitFor();
        await page.getByTestId('case-facts').getByText('Court order').waitFor();
        // The re-entry names the earlier case by its dates and links it (trial 16, M19).
        await page.getByTestId('reentry-previous').getByRole('link', { name: /^the case opened on .+, closed on .+$/ }).waitFor();
        await page.getByTestId('timeline').getByText('Follows the case opened on', { exact: false }).waitFor();
      });
    });

    test('transfer: practitioner2 asks to move a case to Northgate; a Northgate supervisor accepts with a team; the old team loses it', async () => {
      /** @type {{ pseudonym: string, path: string } | null} */
      let moved = null;
      await as('practitioner2', async (page) => {
        await page.goto('/caseload');
        await page.getByLabel('Phase').selectOption('assessment');
        const link = page.getByTestId('case-table').locator('tbody tr').first().getByRole('link');
        await link.waitFor();
        const pseudonym = ((await link.textContent()) ?? '').trim();
        await link.click();
        moved = { pseudonym, path: new URL(page.url()).pathname.replace(/\/timeline$/, '') };
        await section(page, 'Transfer');
        await page.getByLabel('Receiving facility').selectOption({ label: 'Northgate Prison' });
        await page.getByLabel('Reason').fill('Closer to the family; visits are easier from Northgate.');
        await noViolations(page, 'transfer request');
        await page.getByRole('button', { name: 'Request the transfer' }).click();
        await page.getByRole('status').getByText('Transfer to Northgate Prison requested.').waitFor();
      });
      const mv = /** @type {{ pseudonym: string, path: string }} */ (/** @type {unknown} */ (moved));
      await as('supervisor', async (page) => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transfers' }).click();
        await page.getByRole('heading', { level: 1, name: 'Transfers' }).waitFor();
        await page.getByRole('heading', { level: 2, name: `${mv.pseudonym}: Riverside Prison → Northgate Prison` }).waitFor();
        const manager = page.getByLabel(`Case manager for ${mv.pseudonym}`);
        await manager.locator('option', { hasText: '(practitioner)' }).waitFor({ state: 'attached' });
        await manager.selectOption({ label: (await manager.locator('option', { hasText: '(practitioner)' }).textContent()) ?? '' });
        await noViolations(page, 'transfers page');
        await page.getByRole('button', { name: `Accept ${mv.pseudonym}` }).click();
        await page.getByRole('status').getByText(`Transfer of ${mv.pseudonym} accepted.`).waitFor();
      });
      await as('practitioner2', async (page) => {
        await page.goto(mv.path);
        await page.getByText('This record no longer exists or is not open to you.', { exact: false }).or(page.getByRole('alert')).first().waitFor();
      });
      await as('practitioner', async (page) => {
        await page.goto(mv.path);
        await page.getByRole('heading', { level: 1, name: `Case ${mv.pseudonym}` }).waitFor();
        await page.getByTestId('timeline').getByText('Handed over in the phase: Assessment.', { exact: false }).waitFor();
      });
    });
  });
}
