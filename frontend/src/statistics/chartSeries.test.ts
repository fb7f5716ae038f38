import { describe, expect, it } from 'vitest';
import type { Statistic } from '../api/types';
import { configOf, heightOf, type Colors } from '../ui/chart/draw';
import { wrapLabel } from '../ui/chart/spec';
import { isTotalRow, statisticBars } from './chartSeries';

const LONG = 'Reintegration and aftercare: family and community acceptance at Northgate Prison';

/** Active cases by facility and gender: two cells, a withheld cell, subtotals and the total. */
const st = {
  indicator: 'active_cases',
  title: 'Active cases',
  unit: 'cases',
  measure: 'count',
  dimensions: [
    { id: 'facility', codes: [] },
    { id: 'gender', codes: [] },
  ],
  threshold: 5,
  min_people: 10,
  period: { from: '2026-01-01', to: '2026-06-30' },
  time_period: '2026-S1',
  scope: 'XA',
  rows: [
    { facility: 'north', gender: 'male', value: 12, suppressed: false, status: 'perturbed' },
    { facility: 'north', gender: 'female', value: null, suppressed: true, status: 'suppressed' },
    { facility: 'south', gender: 'male', value: 7, suppressed: false, status: 'perturbed' },
    { facility: 'north', gender: '_T', value: 14, suppressed: false, status: 'perturbed' },
    { facility: '_T', gender: 'male', value: 19, suppressed: false, status: 'perturbed' },
    { facility: '_T', gender: '_T', value: 1000, suppressed: false, status: 'perturbed' },
  ],
  notes: [],
} as unknown as Statistic;

const label = (r: Statistic['rows'][number]) => (r['facility'] === 'north' ? LONG : 'Southfield') + ' / ' + r['gender'];
const colors: Colors = { text: '#000', grid: '#ccc', series: ['#00f'], protected: '#555' };

describe('statistics chart', () => {
  it('charts the cells only: totals and subtotals stay in the table', () => {
    const bars = statisticBars(st, label);
    expect(bars.map((b) => b.value)).toEqual([12, null, 7]);
    expect(st.rows.filter((r) => isTotalRow(r, ['facility', 'gender']))).toHaveLength(3);
    // The value axis is the cells' own: the total of 1000 does not set it.
    const cfg = configOf({ kind: 'bars', bars, valueTitle: 'Cases', protectedLabel: 'protected' }, { locale: 'en-GB', rtl: false, colors });
    const x = (cfg.options?.scales as Record<string, { suggestedMax?: number; reverse?: boolean }>)['x'];
    expect(x?.suggestedMax).toBe(12);
    expect(cfg.data.datasets[0]?.data).toEqual([12, null, 7]);
  });

  it('marks a withheld figure as protected, never as 0', () => {
    const bars = statisticBars(st, label);
    expect(bars[1]).toEqual({ label: `${LONG} / female`, value: null, protected: true });
    expect(bars.filter((b) => b.protected)).toHaveLength(1);
    const cfg = configOf({ kind: 'bars', bars, valueTitle: 'Cases', protectedLabel: 'protected' }, { locale: 'en-GB', rtl: true, colors });
    const marks = (cfg.options?.plugins as Record<string, { protected?: boolean[]; protectedLabel?: string }>)['pathwaysMarks'];
    expect(marks?.protected).toEqual([false, true, false]);
    expect(marks?.protectedLabel).toBe('protected');
  });

  it('keeps every label whole, wrapped onto lines', () => {
    const bars = statisticBars(st, label);
    const cfg = configOf({ kind: 'bars', bars, valueTitle: 'Cases', protectedLabel: 'p' }, { locale: 'en-GB', rtl: false, colors });
    const labels = cfg.data.labels as string[][];
    expect(labels.map((l) => l.join(' '))).toEqual(bars.map((b) => b.label));
    expect(labels[0]!.length).toBeGreaterThan(1);
    expect(labels.flat().every((l) => !l.includes('…'))).toBe(true);
    // Taller with more label lines.
    expect(heightOf({ kind: 'bars', bars, valueTitle: '', protectedLabel: '' })).toBeGreaterThan(
      heightOf({ kind: 'bars', bars: bars.map((b) => ({ ...b, label: 'x' })), valueTitle: '', protectedLabel: '' }),
    );
  });

  it('wraps at spaces and never drops a character', () => {
    expect(wrapLabel('short')).toEqual(['short']);
    expect(wrapLabel('')).toEqual(['']);
    const word = 'Rehabilitationsprogrammevaluierungsbericht-Nord';
    expect(wrapLabel(`${word} and more words here`, 10)).toEqual([word, 'and more', 'words here']);
    for (const s of [LONG, 'برنامج فك الارتباط وإعادة الإدماج في سجن الشمال للمشاركين']) {
      expect(wrapLabel(s, 12).join(' ')).toBe(s);
      expect(wrapLabel(s, 12).every((l) => l.length <= 12 || !l.includes(' '))).toBe(true);
    }
  });
});
