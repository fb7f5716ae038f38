import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Indicator, Statistic } from '../api/types';
import i18n from '../i18n';
import { renderWith } from '../test/renderWith';
import { IndicatorView } from './IndicatorView';
import { toCsv } from './tableCsv';

const indicator = {
  id: 'milestone_attainment',
  title: 'Milestone attainment',
  definition: 'Share of cases reaching each milestone.',
  numerator: 'Cases',
  unit: '%',
  measure: 'rate',
  breakdowns: ['facility'],
} as unknown as Indicator;

const statistic = {
  indicator: 'milestone_attainment',
  title: 'Milestone attainment',
  unit: '%',
  measure: 'rate',
  dimensions: [{ id: 'facility', codes: [{ code: 'f-1', label: '=HYPERLINK("x")' }, { code: '_T', label: 'Total' }] }],
  threshold: 5,
  min_people: 10,
  period: { from: '2025-01-01', to: '2025-12-31' },
  time_period: '2025',
  scope: 'XA',
  notes: [],
  rows: [
    { facility: 'f-1', value: 22.2, suppressed: false, status: 'perturbed' },
    { facility: '_T', value: null, suppressed: true, status: 'suppressed' },
  ],
} as unknown as Statistic;

// Trial of session 17: the statistician downloading figures in French got codes and English.
describe('the table as shown, as CSV', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    void i18n.changeLanguage('en');
  });

  it('writes the French headings, words and numbers, with a semicolon, and keeps a name from being read as a formula', async () => {
    let saved: Blob | undefined;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => ((saved = b), 'blob:x'), revokeObjectURL: () => {} }));
    renderWith(
      <IndicatorView
        indicator={indicator}
        query={{ from: '2025-01-01', to: '2025-12-31', by: 'facility' }}
        period="2025"
        load={{ data: statistic, error: undefined, loading: false, reload: () => {} }}
      />,
    );
    await act(() => i18n.changeLanguage('fr'));
    fireEvent.click(screen.getByTestId('download-shown'));
    expect(saved).toBeDefined();
    const text = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      r.readAsText(saved as Blob);
    });
    const [head, first, total] = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(head).toBe('"Établissement";"Valeur (%)"');
    expect(first).toBe(`"'=HYPERLINK(""x"")";"22,2"`);
    expect(total).toBe('"Total";"masqué"');
  });

  it('uses a comma where the language writes a decimal point', () => {
    expect(toCsv([['a', '1.5']], false)).toBe('"a","1.5"\r\n');
  });
});
