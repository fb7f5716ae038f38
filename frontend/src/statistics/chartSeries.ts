import type { Statistic } from '../api/types';
import type { Bar } from '../ui/chart/spec';

type Row = Statistic['rows'][number];

/** The code a breakdown's total carries in every dimension (SDMX's _T). */
export const TOTAL_CODE = '_T';

/** Whether a row is a total or subtotal: some dimension stands at its total. */
export function isTotalRow(row: Row, dims: string[]): boolean {
  return dims.some((d) => (row[d] as unknown as string) === TOTAL_CODE);
}

/**
 * The bars of a statistic's chart: its cells in the answer's order, with every label whole.
 * Totals are left out, so the scale is the cells' own (a total would dwarf them; the table
 * keeps it). A withheld figure stays as a bar marked protected with no value, never as 0.
 */
export function statisticBars(st: Statistic, label: (row: Row) => string): Bar[] {
  const dims = st.dimensions.map((d) => d.id);
  return st.rows
    .filter((r) => !isTotalRow(r, dims))
    .map((r) =>
      r.suppressed || r.value === null
        ? { label: label(r), value: null, protected: true }
        : { label: label(r), value: Number(r.value) },
    );
}
