import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import type { Approval } from '../api/types';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { ApprovalsPage } from './ApprovalsPage';

const base: Approval = {
  id: 'a-1',
  case_id: 'c-1',
  pseudonym: 'PW-7K3Q-X',
  kind: 'transition',
  subject_id: 's-1',
  status: 'pending',
  requested_by: 'practitioner',
  requested_by_name: null,
  requested_at: '2026-11-28T09:00:00Z',
  decided_by: null,
  decided_by_name: null,
  decided_at: null,
  comment: '',
  from_phase: 'intervention',
  to_phase: 'pre_release',
  reason: 'Release date set by the court.',
  closure_reason: null,
  plan_version: null,
  milestone_code: null,
  achieved_on: null,
  evidence: null,
  plan: null,
  plan_in_force: null,
  reintegration_plan: null,
  grounds: null,
  requested_by_me: false,
};

// One case with several requests waiting at once is ordinary (a phase change and two milestone
// claims). The demo data has such cases on some days and not others, which is how a browser
// test came to fail on one date only: the queue must not depend on the calendar to be valid.
const sameCase: Approval[] = [
  base,
  { ...base, id: 'a-2', kind: 'milestone', subject_id: 's-2', from_phase: null, to_phase: null, reason: null, milestone_code: 'qualification', achieved_on: '2026-11-20' },
  { ...base, id: 'a-3', kind: 'milestone', subject_id: 's-3', from_phase: null, to_phase: null, reason: null, milestone_code: 'sustained_attendance', achieved_on: '2026-11-21' },
  { ...base, id: 'a-4', kind: 'plan', subject_id: 's-4', from_phase: null, to_phase: null, reason: null, plan_version: 2 },
];

describe('ApprovalsPage', () => {
  it('keeps landmarks unique and says what each request is when one case has several waiting', async () => {
    mockFetch({
      'GET /api/v1/approvals': () => json(200, { items: sameCase }),
      'GET /api/v1/milestone-definitions': () =>
        json(200, {
          items: [
            { code: 'qualification', name: 'Qualification obtained', domain: 'practical', requires_verification: true, practices: [] },
            { code: 'sustained_attendance', name: 'Sustained attendance', domain: 'engagement', requires_verification: true, practices: [] },
          ],
        }),
    });
    const { container } = renderWith(<ApprovalsPage />);
    await screen.findByRole('heading', { level: 2, name: /Qualification obtained/ });
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual([
      'PW-7K3Q-X — Phase change: Intervention → Pre-release',
      'PW-7K3Q-X — Milestone: Qualification obtained',
      'PW-7K3Q-X — Milestone: Sustained attendance',
      'PW-7K3Q-X — Individual plan: version 2',
    ]);
    // Each decision button is announced with the request it decides.
    const card = screen.getAllByRole('listitem')[1]!;
    expect(within(card).getByRole('button', { name: 'Approve' })).toHaveAccessibleDescription('PW-7K3Q-X — Milestone: Qualification obtained');

    const results = await axe.run(container, { runOnly: ['landmark-unique', 'duplicate-id', 'duplicate-id-aria', 'aria-valid-attr-value'] });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('shows what each request decides, and no decision on one own request', async () => {
    const goal = (description: string, extra = {}) => ({ need: 'B1', description, interventions: [], responsible: null, target_date: null, ...extra });
    const informed: Approval[] = [
      { ...base, id: 'a-1', reason: 'Release date set by the court.' },
      {
        ...base,
        id: 'a-2',
        kind: 'milestone',
        from_phase: null,
        to_phase: null,
        reason: null,
        milestone_code: 'qualification',
        achieved_on: '2026-11-20',
        evidence: 'Certificate of the welding course, seen on 18 Nov.',
        requested_by: 'supervisor',
        requested_by_me: true,
      },
      {
        ...base,
        id: 'a-3',
        kind: 'plan',
        from_phase: null,
        to_phase: null,
        reason: null,
        plan_version: 2,
        plan: {
          id: 'p-2',
          version: 2,
          status: 'submitted',
          summary: 'Adds vocational work.',
          goals: [
            goal('Anger work'),
            goal('Welding course', { need: 'E2', interventions: ['vocational'], responsible: 'practitioner', target_date: '2027-03-01' }),
          ],
        },
        plan_in_force: { id: 'p-1', version: 1, status: 'approved', summary: '', goals: [goal('Anger work'), goal('Family contact')] },
      },
      {
        ...base,
        id: 'a-4',
        kind: 'reintegration_plan',
        from_phase: null,
        to_phase: null,
        reason: null,
        reintegration_plan: {
          planned_release: '2027-02-01',
          release_type: 'parole',
          supervising_agency: 'Probation service',
          version: 3,
          items: [{ area: 'housing', status: 'in_progress', description: 'Hostel place requested' }],
        },
      },
    ];
    mockFetch({
      'GET /api/v1/approvals': () => json(200, { items: informed }),
      'GET /api/v1/milestone-definitions': () =>
        json(200, { items: [{ code: 'qualification', name: 'Qualification obtained', domain: 'practical', requires_verification: true, practices: [] }] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'vocational', name: 'Vocational training', practices: [] }] }),
    });
    const { container } = renderWith(<ApprovalsPage />);
    await screen.findByRole('heading', { level: 2, name: /Qualification obtained/ });
    const [transition, milestone, plan, reint] = screen.getAllByRole('listitem').filter((li) => li.classList.contains('card'));

    expect(within(transition!).getByText('Release date set by the court.')).toBeInTheDocument();
    expect(within(transition!).getByText('Requested by practitioner on 28 Nov 2026')).toBeInTheDocument();
    expect(within(transition!).getByRole('button', { name: 'Approve' })).toBeInTheDocument();

    expect(within(milestone!).getByText('Certificate of the welding course, seen on 18 Nov.')).toBeInTheDocument();
    expect(within(milestone!).getByText('20 Nov 2026')).toBeInTheDocument();
    expect(within(milestone!).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(milestone!).queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(within(milestone!).getByTestId('own-request')).toHaveTextContent("waits for another supervisor's decision");

    expect(within(plan!).getByText('Replaces version 1, in force now.')).toBeInTheDocument();
    expect(within(plan!).getByText('Adds vocational work.')).toBeInTheDocument();
    const goals = within(plan!).getAllByRole('list')[0]!;
    expect(within(goals).getAllByRole('listitem')).toHaveLength(2);
    expect(within(goals).getAllByText('New since version 1')).toHaveLength(1);
    expect(await within(plan!).findByText(/Interventions: Vocational training/)).toHaveTextContent(
      'Assessed need: E2 · Interventions: Vocational training · Responsible: practitioner · Target date: 1 Mar 2027',
    );
    expect(within(plan!).getByRole('heading', { name: 'Goals of version 1 no longer in the plan' })).toBeInTheDocument();
    expect(within(plan!).getByText('Family contact')).toBeInTheDocument();

    expect(within(reint!).getByText('Probation service')).toBeInTheDocument();
    expect(within(reint!).getByText('Parole')).toBeInTheDocument();
    expect(within(reint!).getByText('Hostel place requested')).toBeInTheDocument();

    const results = await axe.run(container);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  // Trial 17, S1: a revision that moved two target dates by months marked only the one new goal,
  // because goals were compared by need and text alone. Every field counts, and the card says
  // what changed, before and after.
  it('marks a goal whose target date, person or interventions changed, and says what changed', async () => {
    const goal = (need: string, description: string, extra = {}) => ({ need, description, interventions: [], responsible: 'practitioner', target_date: null, ...extra });
    const v1 = [
      goal('N2', 'Rebuild contact with his sister.', { target_date: '2027-01-01' }),
      goal('C1', 'Finish the thinking skills course.', { target_date: '2027-03-16', interventions: ['cognitive'] }),
      goal('M2', 'Meet the mentor monthly.'),
    ];
    const v2 = [
      goal('N2', 'Rebuild contact with his sister.', { target_date: '2027-10-06' }),
      goal('C1', 'Finish the thinking skills course.', { target_date: '2027-10-17', interventions: ['cognitive', 'vocational'], responsible: 'psychologist' }),
      goal('N2', 'Rebuild contact with his sister and mother.', { target_date: '2027-10-06' }),
      goal('E2', 'Start the welding course.'),
    ];
    // The third goal is paired by need once the first has taken its identical-text partner: none
    // is left, so it is new; the mentor goal is dropped.
    mockFetch({
      'GET /api/v1/approvals': () =>
        json(200, {
          items: [
            {
              ...base,
              kind: 'plan',
              from_phase: null,
              to_phase: null,
              reason: null,
              plan_version: 2,
              plan: { id: 'p-2', version: 2, status: 'submitted', summary: '', goals: v2 },
              plan_in_force: { id: 'p-1', version: 1, status: 'approved', summary: '', goals: v1 },
            },
          ],
        }),
      'GET /api/v1/intervention-types': () =>
        json(200, {
          items: [
            { code: 'cognitive', name: 'Cognitive skills', practices: [] },
            { code: 'vocational', name: 'Vocational training', practices: [] },
          ],
        }),
    });
    renderWith(<ApprovalsPage />);
    const goals = (await screen.findByRole('heading', { name: 'Goals (4)' })).nextElementSibling as HTMLElement;
    const items = [...goals.children] as HTMLElement[];
    expect(items).toHaveLength(4);

    expect(within(items[0]!).getByText('Changed since version 1')).toBeInTheDocument();
    expect(within(within(items[0]!).getByRole('list', { name: 'What changed since version 1' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Target date: 1 Jan 2027 → 6 Oct 2027',
    ]);

    expect(within(items[1]!).getByText('Changed since version 1')).toBeInTheDocument();
    const changed = within(items[1]!).getByRole('list', { name: 'What changed since version 1' });
    await within(changed).findByText(/Vocational training/);
    expect(within(changed).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Interventions: Cognitive skills → Cognitive skills, Vocational training',
      'Responsible: practitioner → psychologist',
      'Target date: 16 Mar 2027 → 17 Oct 2027',
    ]);

    expect(within(items[2]!).getByText('New since version 1')).toBeInTheDocument();
    expect(within(items[2]!).queryByRole('list')).toBeNull();
    expect(within(items[3]!).getByText('New since version 1')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Goals of version 1 no longer in the plan' }).nextElementSibling).toHaveTextContent('Meet the mentor monthly.');
  });

  it('names a goal whose text changed, with the text in force', async () => {
    const goal = { need: 'B1', description: 'Weekly sessions on violence.', interventions: [], responsible: null, target_date: null };
    mockFetch({
      'GET /api/v1/approvals': () =>
        json(200, {
          items: [
            {
              ...base,
              kind: 'plan',
              from_phase: null,
              to_phase: null,
              reason: null,
              plan_version: 3,
              plan: { id: 'p-3', version: 3, status: 'submitted', summary: '', goals: [{ ...goal, description: 'Fortnightly sessions on violence.', target_date: '2027-05-01' }] },
              plan_in_force: { id: 'p-2', version: 2, status: 'approved', summary: '', goals: [goal] },
            },
          ],
        }),
    });
    renderWith(<ApprovalsPage />);
    const list = await screen.findByRole('list', { name: 'What changed since version 2' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Text changed; in version 2 it read: Weekly sessions on violence.',
      'Target date: not given → 1 May 2027',
    ]);
    expect(screen.queryByRole('heading', { name: /no longer in the plan/ })).toBeNull();
  });

  it('shows the facts a phase change rests on, and says when no reason was asked', async () => {
    const phase: Approval[] = [
      {
        ...base,
        from_phase: 'assessment',
        to_phase: 'intervention',
        reason: '',
        grounds: [
          { fact: 'baseline_assessment', met: true, on: '2026-10-01', version: null },
          { fact: 'plan', met: true, on: '2026-10-20', version: 2 },
        ],
      },
      {
        ...base,
        id: 'a-2',
        from_phase: 'intervention',
        to_phase: 'pre_release',
        reason: 'The court set the release date.',
        grounds: [
          { fact: 'expected_release_date', met: true, on: '2027-03-01', version: null },
          { fact: 'assessment', met: true, on: '2026-01-10', version: null },
          { fact: 'assessment_review', met: false, on: '2026-11-10', version: null },
        ],
      },
    ];
    mockFetch({ 'GET /api/v1/approvals': () => json(200, { items: phase }) });
    renderWith(<ApprovalsPage />);
    const lists = await screen.findAllByTestId('grounds');
    expect(within(lists[0]!).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Baseline assessment finalised on 1 Oct 2026.',
      'Individual plan version 2 approved on 20 Oct 2026.',
    ]);
    const [first, second] = screen.getAllByRole('listitem').filter((li) => li.classList.contains('card'));
    expect(within(first!).getByText('No reason was asked for this change.')).toBeInTheDocument();
    expect(within(first!).queryByText(/No reason given/)).toBeNull();
    expect(within(second!).getByText('The court set the release date.')).toBeInTheDocument();
    expect(within(lists[1]!).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Expected release date: 1 Mar 2027.',
      'Latest final assessment: 10 Jan 2026.',
      'Not met: The latest assessment is past its review date (10 Nov 2026): re-assess first.',
    ]);
  });
});

describe('ApprovalsPage decisions', () => {
  it('asks before deciding, naming what is decided, and the result names it too', async () => {
    setCsrfToken('t');
    const milestone: Approval = {
      ...base,
      id: 'a-9',
      pseudonym: 'PW-TNTPTR2CW',
      kind: 'milestone',
      from_phase: null,
      to_phase: null,
      reason: null,
      milestone_code: 'family_contact',
      achieved_on: '2026-11-20',
      evidence: 'Visits resumed.',
      requested_by_name: 'Pat Okoro',
    };
    let pending = [milestone];
    const calls = mockFetch({
      'GET /api/v1/approvals': () => json(200, { items: pending }),
      'GET /api/v1/milestone-definitions': () =>
        json(200, { items: [{ code: 'family_contact', name: 'Family contact restored', domain: 'social', requires_verification: true, practices: [] }] }),
      'POST /api/v1/approvals/a-9/reject': () => {
        pending = [];
        return json(200, { ...milestone, status: 'rejected' });
      },
    });
    renderWith(<ApprovalsPage />);
    await screen.findByRole('heading', { level: 2, name: /Family contact restored/ });
    // The requester by name, not username (trial 16, M10).
    expect(screen.getByText('Requested by Pat Okoro on 28 Nov 2026')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Comment'), 'No evidence of contact yet.');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    // Nothing is sent before the confirmation; it names the decision.
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(screen.getByRole('group')).toHaveTextContent('Reject the milestone “Family contact restored” for PW-TNTPTR2CW?');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Reject' })).toHaveFocus();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    await user.click(screen.getByRole('button', { name: 'Yes, reject' }));
    expect(await screen.findByText('Milestone “Family contact restored” rejected for PW-TNTPTR2CW.')).toHaveAttribute('role', 'status');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});

describe('ApprovalsPage codes as words', () => {
  it('names a goal’s assessed need beside its code, from the instrument in use', async () => {
    const plan: Approval = {
      ...base,
      kind: 'plan',
      from_phase: null,
      to_phase: null,
      reason: null,
      plan_version: 1,
      plan: { id: 'p-1', version: 1, status: 'submitted', summary: '', goals: [{ need: 'I2', description: 'Grievance work', interventions: [], responsible: null, target_date: null }] },
    };
    mockFetch({
      'GET /api/v1/approvals': () => json(200, { items: [plan] }),
      'GET /api/v1/instruments': () => json(200, { items: [{ code: 'pathways-open', version: '1', name: 'Open review', retired_at: null }] }),
      'GET /api/v1/instruments/pathways-open': () =>
        json(200, {
          code: 'pathways-open',
          version: '1',
          name: 'Open review',
          definition: {
            scale: { min: 0, max: 3 },
            domains: [{ code: 'I', name: 'Ideology', items: [{ code: 'I2', polarity: 'risk', text: 'Grievance or sense of injustice held strongly' }] }],
          },
        }),
    });
    renderWith(<ApprovalsPage />);
    expect(await screen.findByText('Assessed need: I2 (Grievance or sense of injustice held strongly)')).toBeInTheDocument();
  });
});
