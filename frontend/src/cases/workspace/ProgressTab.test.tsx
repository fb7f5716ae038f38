import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { CaseProgress } from '../../api/progress';
import { setupI18n } from '../../i18n';
import { json } from '../../test/fetchMock';
import { aCase } from '../../test/renderWith';
import { CaseContext } from './CaseContext';
import { ProgressTab } from './ProgressTab';
import { attendanceSpec, milestonesSpec, riskSpec, sessionsSpec } from './progressSeries';

const att = (attended: number, late: number, unexcused: number) => ({ attended, late, excused_absence: 0, unexcused_absence: unexcused, refused: 0 });

const progress: CaseProgress = {
  risk: [
    { assessment_id: 'a1', assessed_on: '2026-01-05', occasion: 'baseline', instrument_code: 'pathways-open', instrument_version: '1', overall: 'high',
      risk_rated: 7, risk_level: 0.75, protective_rated: 6, protective_level: 0.25 },
    { assessment_id: 'a2', assessed_on: '2026-03-20', occasion: 'scheduled', instrument_code: 'pathways-open', instrument_version: '1', overall: 'moderate',
      risk_rated: 8, risk_level: 0.5, protective_rated: 0, protective_level: null },
  ],
  months: [
    { month: '2026-01', sessions: [{ intervention_type: 'mentoring', sessions: 2, minutes: 90 }, { intervention_type: 'cognitive_skills', sessions: 1, minutes: 60 }],
      attendance: att(2, 0, 1), engagement_rated: 2, engagement_mean: 3.5, milestones_reached: 1, milestones_held: 1 },
    { month: '2026-02', sessions: [], attendance: att(0, 0, 0), engagement_rated: 0, engagement_mean: null, milestones_reached: 0, milestones_held: 1 },
    { month: '2026-03', sessions: [{ intervention_type: 'mentoring', sessions: 4, minutes: 200 }],
      attendance: att(3, 1, 0), engagement_rated: 4, engagement_mean: 4.25, milestones_reached: 2, milestones_held: 2 },
  ],
  milestones: [
    { id: 'm1', definition_code: 'documents_obtained', status: 'verified', achieved_on: '2026-01-10', lapsed_on: null },
    { id: 'm2', definition_code: 'family_contact_restored', status: 'lapsed', achieved_on: '2026-03-02', lapsed_on: '2026-03-30' },
  ],
};

function serve(body: unknown = progress) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    if (url === '/api/v1/cases/c-1/progress') return json(200, body);
    if (url === '/api/v1/intervention-types')
      return json(200, { items: [{ code: 'mentoring', name: 'Mentoring', description: '', practices: [], created_at: '2025-01-01T00:00:00Z' }] });
    if (url === '/api/v1/milestone-definitions') return json(200, { items: [] });
    if (url === '/api/v1/instruments') return json(200, { items: [{ code: 'pathways-open', version: '1', name: 'Pathways open review' }] });
    return json(404, {});
  });
  return asked;
}

function show(lng: string) {
  setupI18n(lng);
  return render(
    <MemoryRouter>
      <CaseContext.Provider value={{ c: aCase, etag: '"1"', reload: () => {} }}>
        <ProgressTab />
      </CaseContext.Provider>
    </MemoryRouter>,
  );
}

/** The text of every cell of a table, row by row (the header row first). */
function cells(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? ''));
}

const month = (lng: string, iso: string) =>
  new Intl.DateTimeFormat(lng, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}-01T00:00:00Z`));

describe('progress tab', () => {
  it('gives every chart its table, with the figures of the one progress read', async () => {
    const asked = serve();
    show('en');
    const sessions = await screen.findByTestId('progress-sessions-table');
    expect(cells(sessions)).toEqual([
      ['Month', 'Mentoring', 'Cognitive skills', 'All types', 'Minutes'],
      [month('en-GB', '2026-01'), '2', '1', '3', '150'],
      [month('en-GB', '2026-02'), '0', '0', '0', '0'],
      [month('en-GB', '2026-03'), '4', '0', '4', '200'],
    ]);
    expect(cells(screen.getByTestId('progress-attendance-table'))).toEqual([
      ['Month', 'Attended', 'Late', 'Excused absence', 'Unexcused absence', 'Refused', 'Mean engagement'],
      [month('en-GB', '2026-01'), '2', '0', '0', '1', '0', '3.5 (2 rated)'],
      [month('en-GB', '2026-02'), '0', '0', '0', '0', '0', '—'],
      [month('en-GB', '2026-03'), '3', '1', '0', '0', '0', '4.3 (4 rated)'],
    ]);
    expect(cells(screen.getByTestId('progress-milestones-table')).slice(1)).toEqual([
      [month('en-GB', '2026-01'), '1', '1'],
      [month('en-GB', '2026-02'), '0', '1'],
      [month('en-GB', '2026-03'), '2', '2'],
    ]);
    const risk = within(screen.getByTestId('progress-risk')).getByRole('table');
    // The instrument by name, its version said to be the form's (trial 16, M3/M6).
    await waitFor(() => expect(cells(risk)[1]![5]).toBe('Pathways open review, form version 1'));
    expect(cells(risk).slice(1)).toEqual([
      ['5 Jan 2026', 'Baseline', 'High', '75% (7 rated)', '25% (6 rated)', 'Pathways open review, form version 1'],
      ['20 Mar 2026', 'Scheduled', 'Moderate', '50% (8 rated)', '—', 'Pathways open review, form version 1'],
    ]);
    expect(cells(screen.getByTestId('progress-claims-table'))[2]).toEqual(['2 Mar 2026', 'Family contact restored', `Lapsed — 30 Mar 2026`]);
    // Four charts, each captioned; the canvas is hidden from assistive technology (jsdom
    // cannot draw, so the tables carry the figures).
    expect(screen.getAllByTestId('chart')).toHaveLength(4);
    for (const c of document.querySelectorAll('canvas')) expect(c.getAttribute('aria-hidden')).toBe('true');
    expect(asked.filter((u) => u.includes('/cases/'))).toEqual(['/api/v1/cases/c-1/progress']);
  });

  it('speaks French and Arabic: months, words and direction', async () => {
    serve();
    const fr = show('fr');
    const t = await screen.findByTestId('progress-sessions-table');
    expect(cells(t)[0]?.[0]).toBe('Mois');
    expect(cells(t)[1]?.[0]).toBe(month('fr-FR', '2026-01'));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Progrès');
    fr.unmount();

    show('ar');
    const a = await screen.findByTestId('progress-attendance-table');
    expect(cells(a)[0]?.slice(0, 2)).toEqual(['الشهر', 'حاضر']);
    expect(cells(a)[3]?.[0]).toBe(month('ar', '2026-03'));
    expect(document.documentElement.dir).toBe('rtl');
    setupI18n('en');
  });

  it('says so when nothing is recorded', async () => {
    serve({ risk: [], months: [], milestones: [] });
    show('en');
    await screen.findByTestId('progress-risk');
    expect(screen.getAllByText('Nothing recorded yet.')).toHaveLength(4);
    expect(screen.queryAllByTestId('chart')).toHaveLength(0);
  });
});

describe('progress series', () => {
  const names = { t: (k: string) => k, type: (c: string) => `type:${c}` };

  it('stacks sessions by type, a zero where a month had none', () => {
    const s = sessionsSpec(progress, names);
    expect(s.unit).toBe('month');
    expect(s.series.map((x) => [x.label, x.stack, x.points.map((p) => p.y)])).toEqual([
      ['type:mentoring', 'sessions', [2, 0, 4]],
      ['type:cognitive_skills', 'sessions', [1, 0, 0]],
    ]);
  });

  it('draws engagement on its own 1–5 axis, with no point for a month without ratings', () => {
    const s = attendanceSpec(progress, names);
    const line = s.series.find((x) => x.type === 'line');
    expect(line?.axis).toBe('y1');
    expect(line?.points.map((p) => p.y)).toEqual([3.5, null, 4.25]);
    expect(s.y1).toMatchObject({ min: 1, max: 5 });
    expect(s.series.filter((x) => x.type === 'bar').map((x) => x.points[0]?.y)).toEqual([2, 0, 0, 1, 0]);
  });

  it('puts the overall judgement on a named axis and item levels as percentages', () => {
    const s = riskSpec(progress, names);
    expect(s.unit).toBe('day');
    expect(s.series[0]?.points).toEqual([
      { x: '2026-01-05', y: 3 },
      { x: '2026-03-20', y: 2 },
    ]);
    expect(s.y.labels).toEqual({ 1: 'overall.low', 2: 'overall.moderate', 3: 'overall.high' });
    expect(s.series[2]?.points.map((p) => p.y)).toEqual([0.25, null]);
    expect(s.y1?.percent).toBe(true);
  });

  it('shows milestones reached per month as bars and those held as a level', () => {
    const s = milestonesSpec(progress, names);
    expect(s.series.map((x) => [x.type, x.stepped ?? false, x.points.map((p) => p.y)])).toEqual([
      ['bar', false, [1, 0, 2]],
      ['line', true, [1, 1, 2]],
    ]);
  });
});
