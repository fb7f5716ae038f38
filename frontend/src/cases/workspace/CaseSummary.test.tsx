import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { CaseSummary } from './CaseSummary';

describe('CaseSummary', () => {
  it('sums the case up for a conference: plans in force, milestones, latest sessions — without notes or evidence', async () => {
    mockFetch({
      'GET /api/v1/facilities': () => json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '' }] }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'cognitive_skills', name: 'Cognitive skills', retired_at: null }] }),
      'GET /api/v1/milestone-definitions': () => json(200, { items: [{ code: 'qualification', name: 'Qualification obtained', domain: 'practical_reintegration' }] }),
      'GET /api/v1/cases/c-1/plans': () =>
        json(200, {
          items: [
            { id: 'p1', version: 1, status: 'approved', summary: 'First', decided_at: '2025-02-01T00:00:00Z', goals: [{ need: 'B1', description: 'Old goal' }] },
            { id: 'p2', version: 2, status: 'approved', summary: 'Second', decided_at: '2025-03-01T00:00:00Z', goals: [{ need: 'B1', description: 'Anger work' }] },
            { id: 'p3', version: 3, status: 'draft', summary: 'Draft', decided_at: null, goals: [{ need: 'E2', description: 'Not yet' }] },
          ],
        }),
      'GET /api/v1/cases/c-1/sessions': () =>
        json(200, {
          items: [{ id: 's1', intervention_type: 'cognitive_skills', held_on: '2025-03-10', minutes: 60, format: 'individual', notes: 'SECRET NOTE',
            participants: [{ case_id: 'c-1', attendance: 'attended', engagement: 4 }] }],
        }),
      'GET /api/v1/cases/c-1/milestones': () =>
        json(200, { items: [{ id: 'm1', definition_code: 'qualification', achieved_on: '2025-03-05', evidence: 'SECRET EVIDENCE', status: 'verified' }] }),
      'GET /api/v1/cases/c-1/reintegration-plan': () =>
        json(200, { case_id: 'c-1', status: 'draft', version: 5, items: [{ area: 'housing', status: 'not_started', description: 'draft text' }],
          in_force: { version: 3, items: [{ area: 'housing', status: 'in_place', description: 'kept' }] } }),
    });
    renderWith(<CaseSummary />, { c: { ...aCase, phase: 'pre_release' } });
    const summary = await screen.findByTestId('case-summary');
    expect(within(summary).getByRole('heading', { level: 2 })).toHaveTextContent('Case summary: PW-7K3Q-X');
    await within(summary).findByText(/Anger work/);
    expect(summary).not.toHaveTextContent('Old goal');
    expect(summary).not.toHaveTextContent('Not yet');
    expect(summary).toHaveTextContent('Housing — In place'); // the reintegration plan in force, not the draft
    expect(summary).toHaveTextContent('Qualification obtained');
    expect(within(screen.getByTestId('summary-sessions')).getByText('Cognitive skills')).toBeInTheDocument();
    expect(summary).toHaveTextContent('practitioner');
    for (const secret of ['SECRET NOTE', 'SECRET EVIDENCE', 'draft text', 'kept']) expect(summary).not.toHaveTextContent(secret);
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
  });
});
