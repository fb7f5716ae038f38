import { Chart } from './chart/Chart';
import type { Bar } from './chart/spec';

export type { Bar } from './chart/spec';

/**
 * Horizontal bars with full labels (wrapped, never cut), drawn by the chart library. A bar
 * whose figure is protected is marked with protectedLabel, never drawn as zero. Callers pass
 * cells only (a total would set the scale and dwarf them) and render the table with every
 * figure beside the chart.
 */
export function BarChart({ bars, caption, valueTitle, protectedLabel = '' }: { bars: Bar[]; caption: string; valueTitle: string; protectedLabel?: string }) {
  return <Chart spec={{ kind: 'bars', bars, valueTitle, protectedLabel }} caption={caption} />;
}
