import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch, practitionerUser, problem } from '../test/fetchMock';
import { aCase } from '../test/renderWith';
import { renderApp } from '../test/renderApp';

const listed = (id: string, pseudonym: string, extra: object = {}) => ({
  ...aCase,
  id,
  pseudonym,
  phase: 'intervention',
  case_manager: 'practitioner',
  case_manager_name: 'Pat Okoro',
  next_due_on: '2099-01-10',
  next_due_kind: 'review',
  ...extra,
});

describe('CaseList: search and sort', () => {
  it('finds by pseudonym on the server, sorts by a column header, and says when the search cannot be a pseudonym', async () => {
    const calls = mockFetch({
      'GET /api/v1/me': () => json(200, practitionerUser),
      'GET /api/v1/facilities': () => json(200, { items: [] }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/cases': () =>
        json(200, { items: [listed('c-1', 'PW-7KQ2M9XAB'), listed('c-2', 'PW-AB23CDEFG', { previous_case_id: null, re_entry: true, case_manager: null, case_manager_name: null, next_due_on: '2000-01-01', next_due_kind: 'follow_up' })] }),
      'GET /api/v1/cases?q=pw-7kq2m9xa': () => json(200, { items: [listed('c-1', 'PW-7KQ2M9XAB')] }),
      'GET /api/v1/cases?q=pw-7kq2m9xa&sort=next_due&order=asc': () => json(200, { items: [listed('c-1', 'PW-7KQ2M9XAB')] }),
    });
    setCsrfToken('t');
    renderApp('/caseload');
    const user = userEvent.setup();
    const table = await screen.findByTestId('case-table');
    // Case manager and next due are shown; a past due date is marked overdue.
    const rows = within(table).getAllByRole('row');
    // The case manager by display name (trial 16, M10).
    expect(rows[1]).toHaveTextContent('Pat Okoro');
    expect(rows[1]).not.toHaveTextContent('practitioner');
    expect(rows[2]).toHaveTextContent('—');
    expect(rows[2]).toHaveTextContent('(follow-up)');
    // A re-entry is marked: its pseudonym is the earlier case's too (trial 16, M19).
    expect(within(rows[2]!).getByRole('rowheader')).toHaveTextContent('PW-AB23CDEFG Re-entry');
    expect(within(rows[1]!).getByRole('rowheader')).not.toHaveTextContent('Re-entry');
    expect(rows[2]).toHaveTextContent('overdue');

    await user.type(screen.getByRole('searchbox', { name: 'Find a case by pseudonym' }), 'pw-7kq2m9xa');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByText('Cases found: 1')).toBeInTheDocument();

    const header = screen.getByRole('columnheader', { name: /Next due/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    await user.click(within(header).getByRole('button'));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/cases?q=pw-7kq2m9xa&sort=next_due&order=asc')).toBe(true));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /Next due/ })).toHaveAttribute('aria-sort', 'ascending'));

    await user.click(screen.getByRole('button', { name: 'Show all cases' }));
    await user.clear(screen.getByRole('searchbox', { name: 'Find a case by pseudonym' }));
    await user.type(screen.getByRole('searchbox', { name: 'Find a case by pseudonym' }), 'PW-O0');
    // Sorting stays; the server refuses what no pseudonym holds, said at the field.
    calls.length = 0;
    mockFetch({
      'GET /api/v1/me': () => json(200, practitionerUser),
      'GET /api/v1/cases?q=PW-O0&sort=next_due&order=asc': () => problem(422, 'invalid', [{ field: 'q', reason: 'not_a_pseudonym', detail: 'x' }]),
      'GET /api/v1/cases?sort=next_due&order=asc': () => json(200, { items: [] }),
    });
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This cannot be part of a pseudonym');
    expect(screen.getByRole('searchbox', { name: 'Find a case by pseudonym' })).toHaveAttribute('aria-invalid', 'true');
  });
});

// Trial 16, M13: the psychologist's Facility filter offered facilities outside their scope.
describe('CaseList: filters offer only where the caller works', () => {
  it('lists in the Facility and Programme filters only facilities and programmes in the caller’s scope', async () => {
    mockFetch({
      'GET /api/v1/me': () => json(200, practitionerUser),
      'GET /api/v1/facilities': () =>
        json(200, {
          items: [
            { id: 'f-1', country: 'XA', name: 'Northgate Prison', kind: 'prison', created_at: '', in_my_scope: true },
            { id: 'f-2', country: 'XA', name: 'Riverside Prison', kind: 'prison', created_at: '', in_my_scope: false },
            { id: 'f-3', country: 'XA', name: 'Harbour Probation Office', kind: 'probation', created_at: '', in_my_scope: false },
          ],
        }),
      'GET /api/v1/programmes': () =>
        json(200, {
          items: [
            { id: 'p-1', country: 'XA', name: 'Arcadia', description: '', aftercare_months: 12, created_at: '', in_my_scope: true },
            { id: 'p-2', country: 'XC', name: 'Elsewhere', description: '', aftercare_months: 12, created_at: '', in_my_scope: false },
          ],
        }),
      'GET /api/v1/cases': () => json(200, { items: [] }),
    });
    setCsrfToken('t');
    renderApp('/caseload');
    const filters = await screen.findByRole('search', { name: 'Filter the caseload' });
    const facility = within(filters).getByLabelText('Facility');
    await waitFor(() => expect(within(facility).getAllByRole('option').map((o) => o.textContent)).toEqual(['Any', 'Northgate Prison']));
    const programme = within(filters).getByLabelText('Programme');
    expect(within(programme).getAllByRole('option').map((o) => o.textContent)).toEqual(['Any', 'Arcadia']);
  });
});
