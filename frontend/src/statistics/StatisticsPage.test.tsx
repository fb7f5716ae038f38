import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, problem } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { StatisticsPage } from './StatisticsPage';

const indicator = {
  id: 'active_cases',
  title: 'Active cases',
  definition: 'Cases open at any time in the period.',
  numerator: 'Cases',
  unit: 'cases',
  measure: 'count',
  breakdowns: ['gender'],
};

function statistic(from: string, to: string) {
  return {
    indicator: 'active_cases',
    title: 'Active cases',
    unit: 'cases',
    measure: 'count',
    dimensions: [],
    threshold: 5,
    min_people: 10,
    period: { from, to },
    time_period: '',
    scope: 'XA',
    rows: [
      { value: 5, suppressed: false, status: 'perturbed' },
      { value: null, suppressed: true, status: 'suppressed' },
    ],
    notes: [],
  };
}

/** The catalogue's protection settings, with the latest month served. */
function protection(latest: string) {
  return { method: 'cell-key perturbation', threshold: 5, min_people: 10, lag_days: 5, latest_month: latest, default_period: { from: '', to: '' } };
}

/** Answers the indicator catalogue and every statistics and coverage request, recording the
 * URLs asked; `refuse` may answer some with a problem instead. */
function serve(refuse: (q: URLSearchParams) => Response | null = () => null, latest = '2024-12') {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://x');
    const q = url.searchParams;
    if (url.pathname === '/api/v1/statistics/indicators') return json(200, { items: [indicator], threshold: 5, protection: protection(latest) });
    calls.push(String(input));
    const refused = refuse(q);
    if (refused) return refused;
    if (url.pathname === '/api/v1/statistics/coverage')
      return json(200, { threshold: 5, min_people: 10, period: { from: q.get('from'), to: q.get('to') }, scope: 'XA', notes: [], programmes: [] });
    return json(200, statistic(q.get('from') ?? '', q.get('to') ?? ''));
  });
  return calls;
}

const asked = (calls: string[], path: string) => calls.filter((u) => u.startsWith(path));

describe('StatisticsPage period', () => {
  beforeEach(() => {
    // only Date: testing-library's waits keep real timers
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2025, 0, 15, 12)); // 15 January 2025, local time
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('defaults to the last 12 complete months, asked for as first and last days, downloads included', async () => {
    const calls = serve();
    renderWith(<StatisticsPage />);
    expect(await screen.findByLabelText('From month')).toHaveValue('2024-01');
    expect(screen.getByLabelText('To month')).toHaveValue('2024-12');
    await screen.findByRole('heading', { level: 2, name: 'Active cases, January 2024 to December 2024' });
    screen.getByRole('heading', { level: 2, name: 'Rome Memorandum coverage, January 2024 to December 2024' });
    await screen.findByTestId('suppressed');
    expect(screen.getByTestId('perturbed')).toHaveTextContent('5');
    expect(screen.getByTestId('perturbed')).toHaveAccessibleDescription(expect.stringContaining('may differ from a count on a screen'));
    expect(screen.getByTestId('protection-note')).toHaveTextContent(/shown as 0 or 5.*at least 10 people.*5 more days/);
    expect(asked(calls, '/api/v1/statistics/active_cases')).toEqual(['/api/v1/statistics/active_cases?from=2024-01-01&to=2024-12-31']);
    expect(asked(calls, '/api/v1/statistics/coverage')).toEqual(['/api/v1/statistics/coverage?from=2024-01-01&to=2024-12-31']);
    expect(screen.getByTestId('download-csv')).toHaveAttribute('href', '/api/v1/statistics/active_cases?from=2024-01-01&to=2024-12-31&format=csv');
    expect(screen.getByTestId('download-sdmx')).toHaveAttribute('href', '/api/v1/statistics/active_cases?from=2024-01-01&to=2024-12-31&format=sdmx');
    expect(screen.getByRole('button', { name: 'Last 12 months' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('From month')).toHaveAccessibleDescription(expect.stringContaining('12 months in a row'));
  });

  it('ends the default period with the latest month the API serves, not the last one ended', async () => {
    // Early January, before the lag has passed: December is not served yet.
    const calls = serve(() => null, '2024-11');
    renderWith(<StatisticsPage />);
    await screen.findByRole('heading', { level: 2, name: 'Active cases, December 2023 to November 2024' });
    expect(screen.getByLabelText('To month')).toHaveAttribute('max', '2024-11');
    expect(asked(calls, '/api/v1/statistics/active_cases')).toEqual(['/api/v1/statistics/active_cases?from=2023-12-01&to=2024-11-30']);
    expect(asked(calls, '/api/v1/statistics/coverage')).toEqual(['/api/v1/statistics/coverage?from=2023-12-01&to=2024-11-30']);
  });

  it('ends February on the 29th in a leap year and the 28th otherwise', async () => {
    const calls = serve();
    renderWith(<StatisticsPage />);
    const from = await screen.findByLabelText('From month');
    fireEvent.change(from, { target: { value: '2024-02' } });
    fireEvent.change(screen.getByLabelText('To month'), { target: { value: '2024-02' } });
    await screen.findByRole('heading', { level: 2, name: 'Active cases, February 2024' });
    await waitFor(() => expect(asked(calls, '/api/v1/statistics/active_cases').at(-1)).toBe('/api/v1/statistics/active_cases?from=2024-02-01&to=2024-02-29'));
    fireEvent.change(from, { target: { value: '2023-02' } });
    fireEvent.change(screen.getByLabelText('To month'), { target: { value: '2023-02' } });
    await waitFor(() => expect(asked(calls, '/api/v1/statistics/coverage').at(-1)).toBe('/api/v1/statistics/coverage?from=2023-02-01&to=2023-02-28'));
    expect(screen.getByTestId('download-csv').getAttribute('href')).toContain('from=2023-02-01&to=2023-02-28');
  });

  it('offers the latest month, complete quarter and calendar year', async () => {
    const calls = serve();
    renderWith(<StatisticsPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Latest month' }));
    expect(screen.getByLabelText('From month')).toHaveValue('2024-12');
    await waitFor(() => expect(asked(calls, '/api/v1/statistics/active_cases').at(-1)).toContain('from=2024-12-01&to=2024-12-31'));
    await user.click(await screen.findByRole('button', { name: 'Latest complete quarter' }));
    expect(screen.getByLabelText('From month')).toHaveValue('2024-10');
    await waitFor(() => expect(asked(calls, '/api/v1/statistics/active_cases').at(-1)).toContain('from=2024-10-01&to=2024-12-31'));
    fireEvent.change(screen.getByLabelText('From month'), { target: { value: '2023-05' } });
    await user.click(screen.getByRole('button', { name: 'Latest complete calendar year' }));
    expect(screen.getByLabelText('From month')).toHaveValue('2024-01');
    expect(screen.getByLabelText('To month')).toHaveValue('2024-12');
  });

  it("shows the API's period errors at the month inputs", async () => {
    const refusal = () =>
      problem(422, 'invalid', [
        { field: 'to', reason: 'before_from', detail: 'must not be before from' },
        { field: 'from', reason: 'too_long', detail: 'a period may span at most 20 years' },
      ]);
    serve((q) => (q.get('to') === '2023-06-30' ? refusal() : null));
    renderWith(<StatisticsPage />);
    const to = await screen.findByLabelText('To month');
    await screen.findByTestId('download-csv');
    fireEvent.change(to, { target: { value: '2023-06' } });
    await waitFor(() => expect(to).toHaveAttribute('aria-invalid', 'true'));
    expect(to).toHaveAccessibleDescription(expect.stringContaining('The last month must not be before the first.'));
    const from = screen.getByLabelText('From month');
    expect(from).toHaveAccessibleDescription(expect.stringContaining('A period may span at most 20 years.'));
    expect(screen.queryByTestId('download-csv')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull(); // no generic "could not load"
    expect(screen.getAllByText('Choose a valid period above to see the figures.')).toHaveLength(2);

    fireEvent.change(to, { target: { value: '2024-06' } });
    await waitFor(() => expect(to).not.toHaveAttribute('aria-invalid'));
    await screen.findByTestId('download-csv');
  });

  it('says which month is the latest served, and which periods are served', async () => {
    serve((q) => {
      if (q.get('to') === '2025-01-31') return problem(422, 'invalid', [{ field: 'to', reason: 'not_closed', detail: 'not yet' }]);
      if (q.get('from') === '2024-05-01') return problem(422, 'invalid', [{ field: 'from', reason: 'not_standard_period', detail: 'no' }]);
      return null;
    });
    renderWith(<StatisticsPage />);
    const to = await screen.findByLabelText('To month');
    await screen.findByTestId('download-csv');
    fireEvent.change(to, { target: { value: '2025-01' } });
    await waitFor(() => expect(to).toHaveAccessibleDescription(expect.stringContaining('the latest month available is December 2024')));
    fireEvent.change(to, { target: { value: '2024-12' } });
    fireEvent.change(screen.getByLabelText('From month'), { target: { value: '2024-05' } });
    await waitFor(() =>
      expect(screen.getByLabelText('From month')).toHaveAccessibleDescription(expect.stringContaining('Choose a month, a calendar quarter')),
    );
  });

  it('does not ask the API while a month is empty or unreadable', async () => {
    const calls = serve();
    renderWith(<StatisticsPage />);
    const from = await screen.findByLabelText('From month');
    await screen.findByTestId('download-csv');
    const before = calls.length;
    fireEvent.change(from, { target: { value: '' } });
    expect(from).toHaveAttribute('aria-invalid', 'true');
    expect(from).toHaveAccessibleDescription(expect.stringContaining('Enter a month as YYYY-MM'));
    expect(screen.queryByTestId('download-csv')).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.length).toBe(before);
  });
});
