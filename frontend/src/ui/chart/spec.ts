/**
 * What a chart shows, apart from how it is drawn: plain data that callers build with pure
 * functions (tested without a canvas) and that draw.ts turns into a Chart.js chart. Every
 * chart stands beside a table holding the same figures, which is its text alternative.
 */

/** One bar of a category chart. A protected figure has value null: it is marked as
 * withheld, never drawn as zero. */
export interface Bar {
  label: string;
  value: number | null;
  protected?: boolean;
}

/** Horizontal bars with their full labels (wrapped onto several lines, never cut). */
export interface BarsSpec {
  kind: 'bars';
  bars: Bar[];
  /** What the value axis measures ("Cases", "Sessions"). */
  valueTitle: string;
  /** The word a protected bar is marked with. */
  protectedLabel: string;
}

/** A value axis of a time chart. `labels` names some values (1 → "low"); `percent` shows a
 * 0–1 share as a percentage. */
export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
  integer?: boolean;
  percent?: boolean;
  labels?: Record<number, string>;
}

/** One series of a time chart: points at calendar dates or months ("2026-03-10", "2026-03"). */
export interface Series {
  label: string;
  type: 'bar' | 'line';
  axis: 'y' | 'y1';
  points: { x: string; y: number | null }[];
  /** Bars of the same stack are stacked. */
  stack?: string;
  /** A line that holds its value until the next point (a level, not a trend between points). */
  stepped?: boolean;
}

/** Series over a time axis, by month or by day, with one or two value axes. */
export interface TimeSpec {
  kind: 'time';
  unit: 'month' | 'day';
  series: Series[];
  y: AxisSpec;
  y1?: AxisSpec;
}

export type ChartSpec = BarsSpec | TimeSpec;

/** Splits a label into lines of about `width` characters at spaces, so a chart axis can show
 * it whole: nothing is dropped, and a word longer than the width keeps a line of its own. */
export function wrapLabel(label: string, width = 28): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
