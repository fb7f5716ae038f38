import { describe, expect, it } from 'vitest';
import { addMonths, firstDay, isMonth, lastCompleteMonth, lastDay, monthName, presets, toDates } from './months';

describe('months to API dates', () => {
  it('gives the first and last day of a month', () => {
    expect(firstDay('2025-03')).toBe('2025-03-01');
    expect(lastDay('2025-01')).toBe('2025-01-31');
    expect(lastDay('2025-04')).toBe('2025-04-30');
    expect(lastDay('2025-12')).toBe('2025-12-31');
    expect(toDates({ from: '2024-11', to: '2025-06' })).toEqual({ from: '2024-11-01', to: '2025-06-30' });
  });
  it('ends February on the 28th, or the 29th in leap years', () => {
    expect(lastDay('2023-02')).toBe('2023-02-28');
    expect(lastDay('2024-02')).toBe('2024-02-29');
    expect(lastDay('2000-02')).toBe('2000-02-29'); // divisible by 400
    expect(lastDay('1900-02')).toBe('1900-02-28'); // divisible by 100 only
    expect(lastDay('2100-02')).toBe('2100-02-28');
  });
  it('reads only YYYY-MM', () => {
    expect(isMonth('2025-01')).toBe(true);
    for (const s of ['', '2025-1', '2025-13', '2025-00', '2025-01-01', 'Jan 2025']) expect(isMonth(s), s).toBe(false);
    expect(() => lastDay('2025-13')).toThrow();
  });
  it('counts months across years', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-06', -11)).toBe('2024-07');
    expect(addMonths('2025-06', -30)).toBe('2022-12');
  });
  it('names a month in the language asked for', () => {
    expect(monthName('2024-02', 'en')).toBe('February 2024');
    expect(monthName('2024-02', 'fr')).toBe('février 2024');
  });
});

describe('default and quick periods', () => {
  it('in January: the previous year three ways', () => {
    const now = new Date(2025, 0, 1, 0, 30); // local time, just after the new year
    expect(lastCompleteMonth(now)).toBe('2024-12');
    expect(presets('2024-12')).toEqual({
      last12: { from: '2024-01', to: '2024-12' },
      lastMonth: { from: '2024-12', to: '2024-12' },
      lastQuarter: { from: '2024-10', to: '2024-12' },
      lastYear: { from: '2024-01', to: '2024-12' },
    });
  });
  it('mid-year: nothing after the latest month served', () => {
    expect(presets('2025-04')).toEqual({
      last12: { from: '2024-05', to: '2025-04' },
      lastMonth: { from: '2025-04', to: '2025-04' },
      lastQuarter: { from: '2025-01', to: '2025-03' },
      lastYear: { from: '2024-01', to: '2024-12' },
    });
  });
  it('the quarter is complete once its last month is served', () => {
    expect(presets('2025-06').lastQuarter).toEqual({ from: '2025-04', to: '2025-06' });
    expect(presets('2025-02').lastQuarter).toEqual({ from: '2024-10', to: '2024-12' });
  });
});
