import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { CaseHeader } from './CaseHeader';

const org = {
  'GET /api/v1/facilities': () => json(200, { items: [] }),
  'GET /api/v1/programmes': () => json(200, { items: [] }),
};

describe('CaseHeader', () => {
  it('names the case manager by display name and marks a re-entry with the earlier case (trial 16, M10, M19)', async () => {
    mockFetch(org);
    renderWith(<CaseHeader />, {
      c: {
        ...aCase,
        previous_case_id: 'c-0',
        re_entry: true,
        team: [{ user_id: 'u-prac', username: 'practitioner', display_name: 'Pat Okoro', discipline: 'case_manager', added_at: '2025-01-01T00:00:00Z' }],
        related_cases: [{ id: 'c-0', relation: 'previous', opened_on: '2023-02-01', closed_on: '2024-06-30' }],
      },
    });
    const facts = screen.getByTestId('case-facts');
    expect(facts).toHaveTextContent('Pat Okoro');
    expect(facts).not.toHaveTextContent('practitioner');
    const mark = screen.getByTestId('reentry-previous');
    expect(mark).toHaveTextContent('Re-entry after');
    expect(within(mark).getByRole('link', { name: 'the case opened on 1 Feb 2023, closed on 30 Jun 2024' })).toHaveAttribute('href', '/cases/c-0');
  });

  it('marks the earlier case as re-entered since, linking the later one only when the reader may open it', async () => {
    mockFetch(org);
    renderWith(<CaseHeader />, {
      c: { ...aCase, phase: 'closed', re_entered: true, related_cases: [{ id: null, relation: 'next', opened_on: '2026-11-01', closed_on: null }] },
    });
    const mark = screen.getByTestId('reentry-next');
    expect(mark).toHaveTextContent('Re-entered later');
    expect(mark).toHaveTextContent('a new case opened on 1 Nov 2026 (outside your caseload)');
    expect(within(mark).queryByRole('link')).toBeNull();
  });
});
