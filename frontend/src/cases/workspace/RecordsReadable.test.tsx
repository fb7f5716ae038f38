import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import type { Milestone, Plan } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { MilestonesTab } from './MilestonesTab';
import { PlansTab } from './PlansTab';
import { SessionsTab } from './SessionsTab';

const plan = (p: Partial<Plan>): Plan => ({
  id: 'p-1',
  case_id: 'c-1',
  version: 1,
  status: 'draft',
  summary: '',
  created_by: 'u-prac',
  created_at: '2026-11-01T00:00:00Z',
  submitted_at: null,
  decided_at: null,
  decided_by: null,
  decision_comment: null,
  goals: [{ need: 'B1', description: 'Anger work' }],
  ...p,
});

describe('records read back on the case', () => {
  it('shows a rejected plan with the supervisor comment, and asks before submitting a draft', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/plans': () =>
        json(200, {
          items: [
            plan({ id: 'p-2', version: 2 }),
            plan({ status: 'rejected', decided_at: '2026-11-20T10:00:00Z', decided_by: 'supervisor', decision_comment: 'Goal 1 needs a target date.' }),
          ],
        }),
      'GET /api/v1/intervention-types': () => json(200, { items: [] }),
      'POST /api/v1/plans/p-2/submit': () => json(200, plan({ id: 'p-2', version: 2, status: 'submitted' })),
    });
    const { container } = renderWith(<PlansTab />, { c: { ...aCase, phase: 'assessment' } });
    const rejected = (await screen.findByRole('heading', { name: /Version 1 — Rejected/ })).closest('article')!;
    expect(within(rejected).getByTestId('decision')).toHaveTextContent('Decided by supervisor on 20 Nov 2026');
    expect(within(rejected).getByText('Goal 1 needs a target date.')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Submit for approval' }));
    expect(await screen.findByRole('group', { name: /Submit version 2 for approval\? .*This cannot be undone\./ })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Yes, submit' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/plans/p-2/submit')).toBe(true));
  });

  // Trial 17, S5: after a rejection the "New plan version" form was empty, so the author retyped
  // the whole plan. It starts from the latest version, and keeps what the form does not edit.
  it('starts a new version from the latest one, rejected or not, keeping its interventions and people', async () => {
    setCsrfToken('t');
    const goals = [
      { need: 'N2', description: 'Rebuild contact with his sister.', interventions: ['family'], responsible_id: 'u-psy', target_date: '2027-01-01' },
      { need: 'C1', description: 'Finish the thinking skills course.', interventions: [], responsible_id: null, target_date: null },
    ];
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/plans': () =>
        json(200, {
          items: [
            plan({ id: 'p-2', version: 2, status: 'rejected', summary: 'Family first.', goals, decision_comment: 'Goal 2 needs a date. Resubmit with it.' }),
            plan({ status: 'superseded', summary: 'Old summary.' }),
          ],
        }),
      'GET /api/v1/intervention-types': () => json(200, { items: [] }),
      'POST /api/v1/cases/c-1/plans': () => json(201, plan({ id: 'p-3', version: 3 })),
    });
    renderWith(<PlansTab />, { c: { ...aCase, phase: 'intervention' } });
    const form = await screen.findByRole('form', { name: 'New plan version' });
    expect(within(form).getByText('Starts as a copy of version 2 (Rejected): change what needs changing, then save.')).toBeInTheDocument();
    expect(within(form).getByLabelText(/^Summary/)).toHaveValue('Family first.');
    const [g1, g2] = within(form).getAllByRole('group');
    expect(within(g1!).getByLabelText('Assessed need')).toHaveValue('N2');
    expect(within(g1!).getByLabelText('What will be done')).toHaveValue('Rebuild contact with his sister.');
    expect(within(g1!).getByLabelText('Target date (optional)')).toHaveValue('2027-01-01');
    expect(within(g2!).getByLabelText('What will be done')).toHaveValue('Finish the thinking skills course.');

    // The author adds the date the supervisor asked for, and nothing else.
    const user = userEvent.setup();
    await user.type(within(g2!).getByLabelText('Target date (optional)'), '2027-06-30');
    await user.click(within(form).getByRole('button', { name: 'Save draft plan' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      summary: 'Family first.',
      goals: [
        { need: 'N2', description: 'Rebuild contact with his sister.', interventions: ['family'], responsible_id: 'u-psy', target_date: '2027-01-01' },
        { need: 'C1', description: 'Finish the thinking skills course.', target_date: '2027-06-30' },
      ],
    });
  });

  it('starts the first plan empty', async () => {
    mockFetch({
      'GET /api/v1/cases/c-1/plans': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [] }),
    });
    renderWith(<PlansTab />, { c: { ...aCase, phase: 'assessment' } });
    const form = await screen.findByRole('form', { name: 'New plan version' });
    expect(within(form).queryByText(/Starts as a copy/)).toBeNull();
    expect(within(form).getByLabelText(/^Summary/)).toHaveValue('');
    expect(within(form).getByLabelText('What will be done')).toHaveValue('');
  });

  it('shows milestone evidence and the decision on a claim', async () => {
    setCsrfToken('t');
    const m: Milestone = {
      id: 'm-1',
      case_id: 'c-1',
      definition_code: 'qualification',
      achieved_on: '2026-11-18',
      evidence: 'Welding certificate seen.',
      status: 'rejected',
      claimed_by: 'u-prac',
      claimed_at: '2026-11-18T10:00:00Z',
      decided_at: '2026-11-19T10:00:00Z',
      lapse_reason: null,
      lapsed_on: null,
      approval_id: null,
      decided_by: 'supervisor',
      decision_comment: 'The certificate is not on file.',
    };
    mockFetch({
      'GET /api/v1/cases/c-1/milestones': () => json(200, { items: [m] }),
      'GET /api/v1/milestone-definitions': () =>
        json(200, { items: [{ code: 'qualification', name: 'Qualification obtained', domain: 'practical', requires_verification: true, practices: [] }] }),
    });
    renderWith(<MilestonesTab />, { c: { ...aCase, phase: 'intervention' } });
    const row = (await screen.findByText('Welding certificate seen.')).closest('tr')!;
    expect(row).toHaveTextContent('18 Nov 2026');
    expect(within(row).getByText('The certificate is not on file.')).toBeInTheDocument();
    expect(within(row).getByTestId('decision')).toHaveTextContent('Decided by supervisor on 19 Nov 2026');
  });

  it('shows session notes', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/cases/c-1/sessions': () =>
        json(200, {
          items: [
            {
              id: 's-1',
              intervention_type: 'cognitive_skills',
              held_on: '2026-11-10',
              minutes: 90,
              format: 'group',
              delivered_by: 'u-prac',
              facility_id: 'f-1',
              notes: 'Spoke about the week at work.',
              created_by: 'u-prac',
              created_at: '2026-11-10T10:00:00Z',
              participants: [{ case_id: 'c-1', attendance: 'attended', engagement: 4 }],
            },
          ],
        }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'cognitive_skills', name: 'Cognitive skills', practices: [] }] }),
    });
    renderWith(<SessionsTab />, { c: { ...aCase, phase: 'closed' } });
    // Trial 17, S2: as a seventh column the notes were squeezed to a few words a line on a phone
    // or a tablet, or off-screen. They take a line of their own under the session's facts, across
    // every column, named as notes, and the session's two lines stay together.
    const table = await screen.findByTestId('sessions');
    const columns = within(table).getAllByRole('columnheader');
    expect(columns.map((th) => th.textContent)).toEqual(['Date', 'Intervention type', 'Minutes', 'Format', 'Attendance', 'Engagement']);
    const notes = screen.getByText('Spoke about the week at work.').closest('td')!;
    expect(notes).toHaveAttribute('colspan', String(columns.length));
    expect(notes).toHaveTextContent(/^Notes: Spoke about the week at work\.$/);
    const session = notes.closest('tbody')!;
    expect(within(session).getAllByRole('row')).toHaveLength(2);
    expect(within(session).getAllByRole('row')[0]).toHaveTextContent('10 Nov 2026');
  });
});
