import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
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
  requested_at: '2026-11-28T09:00:00Z',
  decided_by: null,
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
      'PW-7K3Q-X — Phase change : Intervention → Pre-release',
      'PW-7K3Q-X — Milestone : Qualification obtained',
      'PW-7K3Q-X — Milestone : Sustained attendance',
      'PW-7K3Q-X — Individual plan : version 2',
    ]);
    // Each decision button is announced with the request it decides.
    const card = screen.getAllByRole('listitem')[1]!;
    expect(within(card).getByRole('button', { name: 'Approve' })).toHaveAccessibleDescription('PW-7K3Q-X — Milestone : Qualification obtained');

    const results = await axe.run(container, { runOnly: ['landmark-unique', 'duplicate-id', 'duplicate-id-aria', 'aria-valid-attr-value'] });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
