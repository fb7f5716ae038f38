import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
}

/**
 * A small horizontal bar chart in SVG (attributes only, no inline styles, so the CSP holds).
 * The figure is hidden from assistive technology: the caption and the table beside it are
 * its text alternative, and callers always render that table too.
 */
export function BarChart({ bars, caption }: { bars: Bar[]; caption: string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 28;
  const labelW = 160;
  const chartW = 320;
  const height = bars.length * row + 8;
  return (
    <figure className="chart" aria-labelledby={id}>
      <svg
        className="chart__svg"
        viewBox={`0 0 ${labelW + chartW + 60} ${height}`}
        role="img"
        aria-hidden="true"
        focusable="false"
        direction="ltr"
      >
        {bars.map((b, i) => {
          const w = Math.round((b.value / max) * chartW);
          const y = i * row + 4;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + 16} textAnchor="end" className="chart__label">
                {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 2} width={Math.max(w, b.value > 0 ? 2 : 0)} height={row - 10} className="chart__bar" />
              <text x={labelW + w + 6} y={y + 16} className="chart__value">
                {b.value}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={id}>{caption}</figcaption>
    </figure>
  );
}
