import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import type { Case } from '../api/types';
import { CaseContext } from '../cases/workspace/CaseContext';
import { setupI18n } from '../i18n';

/** Renders one component in English inside a router (and a case, when given). */
export function renderWith(ui: ReactNode, opts: { c?: Case; etag?: string; reload?: () => void } = {}) {
  setupI18n('en');
  const inner = opts.c ? (
    <CaseContext.Provider value={{ c: opts.c, etag: opts.etag ?? '"1"', reload: opts.reload ?? (() => {}) }}>{ui}</CaseContext.Provider>
  ) : (
    ui
  );
  return render(<MemoryRouter>{inner}</MemoryRouter>);
}

export const aCase: Case = {
  id: 'c-1',
  pseudonym: 'PW-7K3Q-X',
  participant: { pseudonym: 'PW-7K3Q-X', birth_year: 1990, gender: 'male', nationality: 'XA', categories: [] },
  programme_id: 'p-1',
  facility_id: 'f-1',
  country: 'XA',
  track: 'custodial',
  phase: 'intake',
  phase_since: '2025-01-01T00:00:00Z',
  offence_category: null,
  legal_basis: 'voluntary',
  consent_given: true,
  consent_date: '2025-01-01',
  consent_withdrawn_on: null,
  opened_on: '2025-01-01',
  expected_release_date: null,
  actual_release_date: null,
  release_type: null,
  next_review_date: null,
  closed_on: null,
  closure_reason: null,
  case_manager_id: 'u-prac',
  previous_case_id: null,
  re_entry: false,
  re_entered: false,
  overdue_follow_ups: 0,
  version: 1,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  team: [{ user_id: 'u-prac', username: 'practitioner', display_name: null, discipline: 'case_manager', added_at: '2025-01-01T00:00:00Z' }],
};
