import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Coverage } from '../api/types';
import { renderWith } from '../test/renderWith';
import { CoverageView } from './CoverageView';

type Row = Coverage['programmes'][number]['practices'][number];
const cell = (value: number | null): Row['activities'] =>
  value === null ? { value: null, suppressed: true, status: 'suppressed' } : { value, suppressed: false, status: 'perturbed' };

const row = (practice: string, title: string, status: Row['status'], evidenced: boolean, acts: number, cases: number, share: number | null): Row => ({
  practice,
  title,
  status,
  evidenced_by: evidenced ? ['session:cognitive_skills'] : [],
  activities: cell(acts),
  cases_touched: cell(cases),
  share_of_cases_percent: cell(share),
  gap: evidenced && acts === 0,
});

const data: Coverage = {
  threshold: 5,
  min_people: 10,
  period: { from: '2025-01-01', to: '2025-12-31' },
  scope: 'XA',
  notes: [],
  programmes: [
    {
      programme: 'p-1',
      name: 'Arcadia programme',
      cases: 18,
      gaps: ['GP2'],
      practices: [
        row('GP2', 'The programme rests on a safe, humane and well-run prison', 'confirmed', true, 0, 0, 0),
        row('GP6', 'Prison context: a practice not yet identified', 'unverified', false, 0, 0, 0),
        row('GP15', 'Programmes that build cognitive skills', 'confirmed', true, 28, 9, 50),
      ],
    },
  ],
};

// The trial of session 16 read "GP2: 0 cases, 27.8 %" and titles holding editing notes.
describe('memorandum coverage', () => {
  it('names the practices without evidence in words, marks unconfirmed numbers, and does not show figures for a practice nothing can evidence', () => {
    renderWith(<CoverageView period="2025" load={{ data, error: undefined, loading: false, reload: () => {} }} />);
    const gaps = screen.getByRole('list', { name: 'Practices without evidence' });
    expect(within(gaps).getByRole('listitem')).toHaveTextContent('GP2 · The programme rests on a safe, humane and well-run prison');
    const table = screen.getByRole('table', { name: 'Practice coverage of Arcadia programme' });
    const gp6 = within(table).getByRole('row', { name: /GP6/ });
    expect(gp6).toHaveTextContent('number unverified');
    expect(gp6).toHaveTextContent('not evidenced by any catalogue entry yet');
    expect(within(gp6).queryByText('0')).toBeNull();
    const gp15 = within(table).getByRole('row', { name: /GP15/ });
    expect(within(gp15).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Programmes that build cognitive skills', '28', '9', '50']);
    expect(screen.getByText(/both as published/)).toBeInTheDocument();
  });
});
