import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { MilestonesTab } from './MilestonesTab';
import { PhaseTab } from './PhaseTab';
import { ReintegrationTab } from './ReintegrationTab';

// Issue 11: a step that sends a record for a supervisor's decision, or moves the case on, asks
// first (in place, with what follows), and sends nothing until the question is answered.
describe('confirmation before submitting', () => {
  it('a milestone claim', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/milestones': () => json(200, { items: [] }),
      'GET /api/v1/milestone-definitions': () =>
        json(200, { items: [{ code: 'qualification', name: 'Qualification obtained', domain: 'practical_reintegration', requires_verification: true, practices: [] }] }),
      'POST /api/v1/cases/c-1/milestones': () => json(201, { id: 'm-1', status: 'claimed' }),
    });
    const reload = vi.fn();
    renderWith(<MilestonesTab />, { c: { ...aCase, phase: 'intervention' }, reload });
    const user = userEvent.setup();
    const def = await screen.findByLabelText('Milestone');
    await within(def).findByText(/Qualification obtained/);
    await user.selectOptions(def, 'qualification');
    await user.type(screen.getByLabelText('Evidence'), 'Certificate seen.');
    await user.click(screen.getByRole('button', { name: 'Claim a milestone' }));
    const q = await screen.findByRole('group', { name: /Claim this milestone\? .*a supervisor verifies the claim/ });
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(within(q).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Claim a milestone' })).toHaveFocus();
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Claim a milestone' }));
    await user.click(screen.getByRole('button', { name: 'Yes, claim' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ definition_code: 'qualification', evidence: 'Certificate seen.' });
  });

  it('a phase change request, naming where the case goes', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/transitions': () => json(200, { items: [] }),
      'GET /api/v1/closure-reasons': () => json(200, { items: [] }),
      'POST /api/v1/cases/c-1/transitions': () => json(202, { id: 't-1', to: 'assessment', status: 'pending' }),
    });
    const reload = vi.fn();
    renderWith(<PhaseTab />, { c: aCase, reload });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'assessment');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await screen.findByRole('group', { name: /Ask to move the case from Intake to Assessment\?/ });
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'assessment' });
  });

  it('a reintegration plan for approval', async () => {
    setCsrfToken('t');
    const draft = {
      case_id: 'c-1', status: 'draft', planned_release: '2025-09-01', release_type: 'parole', supervising_agency: 'Probation service',
      version: 2, updated_by: 'u-prac', updated_at: '2025-03-01T00:00:00Z', decided_at: null, in_force: null,
      items: [{ area: 'housing', status: 'in_progress', description: 'Hostel place requested' }],
    };
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/reintegration-plan': () =>
        new Response(JSON.stringify(draft), { status: 200, headers: { 'Content-Type': 'application/json', ETag: '"2"' } }),
      'POST /api/v1/cases/c-1/reintegration-plan/submit': () => json(200, { ...draft, status: 'submitted', version: 3 }),
    });
    const reload = vi.fn();
    renderWith(<ReintegrationTab />, { c: { ...aCase, phase: 'pre_release' }, reload });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Submit for approval' }));
    await screen.findByRole('group', { name: /Submit version 2 of the reintegration plan for approval\?/ });
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Yes, submit' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/cases/c-1/reintegration-plan/submit');
    expect(post.headers['if-match']).toBe('"2"');
  });
});
