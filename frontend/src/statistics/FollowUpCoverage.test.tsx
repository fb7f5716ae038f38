import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { StatisticsPage } from './StatisticsPage';

const outcome = {
  id: 'reoffending_12m',
  title: 'Reoffending within 12 months',
  definition: 'Cases released whose first charge or conviction came within 12 months.',
  numerator: 'Cases',
  unit: '%',
  measure: 'rate',
  breakdowns: [],
  follow_up: 'case_release_window',
};

const coverage = { due: 40, reached: 25, not_reached: 5, lost_contact: 5, refused: 0, moved_abroad: 0, in_custody: 0, deceased: 0, open: 10 };

// The usability trial of session 16 read an outcome figure with nothing beside it to say how
// many of the people it rests on were followed up.
describe('follow-up coverage beside an outcome figure', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the points due, reached, not reached and open beside each published figure, and says they are withheld with a withheld one', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://x');
      if (url.pathname === '/api/v1/statistics/indicators')
        return json(200, {
          items: [outcome],
          threshold: 5,
          protection: { method: 'cell-key perturbation', threshold: 5, min_people: 10, lag_days: 5, latest_month: '2024-12', default_period: { from: '', to: '' } },
        });
      if (url.pathname === '/api/v1/statistics/coverage')
        return json(200, { threshold: 5, min_people: 10, period: { from: '', to: '' }, scope: 'XA', notes: [], programmes: [] });
      return json(200, {
        indicator: outcome.id, title: outcome.title, unit: '%', measure: 'rate', dimensions: [], threshold: 5, min_people: 10,
        period: { from: '2024-01-01', to: '2024-12-31' }, time_period: '', scope: 'XA', notes: [],
        rows: [
          { value: 12.5, suppressed: false, status: 'perturbed', follow_up: coverage },
          { value: null, suppressed: true, status: 'suppressed' },
        ],
      });
    });
    renderWith(<StatisticsPage />);
    const table = await screen.findByTestId('stat-table');
    for (const h of ['Follow-up points due', 'reached', 'not reached', 'still open']) {
      within(table).getByRole('columnheader', { name: h });
    }
    const [published, withheld] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    expect(within(published).getByTestId('follow-up-due')).toHaveTextContent('40');
    expect(within(published).getByTestId('follow-up-reached')).toHaveTextContent('25');
    expect(within(published).getByTestId('follow-up-not_reached')).toHaveTextContent('5');
    expect(within(published).getByTestId('follow-up-open')).toHaveTextContent('10');
    expect(within(withheld).getByTestId('follow-up-due')).toHaveTextContent('withheld with the figure');
  });
});
