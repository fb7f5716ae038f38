import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../i18n';
import fr from '../i18n/fr.json';
import { json } from '../test/fetchMock';
import { StatisticsPage } from './StatisticsPage';

function indicator(id: string, title: string, definition: string) {
  return { id, title, definition, numerator: 'Cases', unit: 'cases', measure: 'count', breakdowns: [] };
}

const known = indicator('intakes', 'Intakes', 'Cases opened (intake date) within the period.');
// An indicator the fixed catalogue does not know: no translation ships for it.
const unknown = indicator('local_count', 'Local count', 'Cases counted the local way.');

const protection = { method: 'cell-key perturbation', threshold: 5, min_people: 10, lag_days: 5, latest_month: '2024-12', default_period: { from: '', to: '' } };

function serve() {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://x');
    const q = url.searchParams;
    if (url.pathname === '/api/v1/statistics/indicators') return json(200, { items: [known, unknown], threshold: 5, protection });
    if (url.pathname === '/api/v1/statistics/coverage')
      return json(200, { threshold: 5, min_people: 10, period: { from: q.get('from'), to: q.get('to') }, scope: 'XA', notes: [], programmes: [] });
    const id = url.pathname.split('/').at(-1) ?? '';
    return json(200, {
      indicator: id,
      title: id,
      unit: 'cases',
      measure: 'count',
      dimensions: [],
      threshold: 5,
      min_people: 10,
      period: { from: q.get('from'), to: q.get('to') },
      time_period: '',
      scope: 'XA',
      rows: [],
      notes: [],
    });
  });
}

function renderIn(lng: string) {
  setupI18n(lng);
  return render(
    <MemoryRouter>
      <StatisticsPage />
    </MemoryRouter>,
  );
}

describe('indicator definition', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2025, 0, 15, 12));
    serve();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setupI18n('en');
  });

  it('shows the French definition of a catalogue indicator, and the English one, marked, for an unknown indicator', async () => {
    renderIn('fr');
    const user = userEvent.setup();
    await screen.findByLabelText('Indicateur');
    const def = screen.getByTestId('indicator-definition');
    expect(def).toHaveTextContent(fr.catalogue.indicatorDefinition.intakes);
    expect(def).toHaveTextContent('Dossiers ouverts (date d\'admission) au cours de la période.');
    expect(def).not.toHaveAttribute('lang');
    expect(def).not.toHaveAttribute('dir');

    await user.selectOptions(screen.getByLabelText('Indicateur'), 'local_count');
    const fallback = screen.getByTestId('indicator-definition');
    expect(fallback).toHaveTextContent('Cases counted the local way.');
    expect(fallback).toHaveAttribute('lang', 'en');
    expect(fallback).toHaveAttribute('dir', 'auto');
  });

  it('shows the API text unmarked in English', async () => {
    renderIn('en');
    await screen.findByLabelText('Indicator');
    const def = screen.getByTestId('indicator-definition');
    expect(def).toHaveTextContent('Cases opened (intake date) within the period.');
    expect(def).not.toHaveAttribute('lang');
  });
});
