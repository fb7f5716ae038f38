/**
 * The one place Chart.js is used: loaded on demand (a chunk of its own), it turns a ChartSpec
 * into a chart on a canvas. Canvas drawing needs no style attributes in markup and no eval,
 * so the server's strict CSP holds; sizes are set through the CSS object model, which the CSP
 * allows. Dates are read and shown as UTC days with Luxon, which formats through the
 * browser's Intl in the interface language.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeScale,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
  type Scale,
} from 'chart.js';
import 'chartjs-adapter-luxon';
import { DateTime } from 'luxon';
import type { AxisSpec, BarsSpec, ChartSpec, TimeSpec } from './spec';
import { wrapLabel } from './spec';

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, TimeScale, Legend, Tooltip);

/** The language and direction a chart is drawn in, and its colours (from the stylesheet). */
export interface DrawEnv {
  locale: string;
  rtl: boolean;
  colors: Colors;
}

export interface Colors {
  text: string;
  grid: string;
  series: string[];
  protected: string;
}

/** The colours the stylesheet gives charts (custom properties on .chart), with fallbacks. */
export function colorsOf(el: Element): Colors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const fallbacks = ['#0b57a4', '#b35c00', '#2e7d32', '#7b1fa2', '#a4161a', '#4a5360'];
  return {
    text: v('--c-text', '#1b1f24'),
    grid: v('--chart-grid', '#d5dae0'),
    series: fallbacks.map((f, i) => v(`--chart-${i + 1}`, f)),
    protected: v('--chart-protected', '#4a5360'),
  };
}

/** A calendar date or month ("2026-03-10", "2026-03") as the UTC midnight that starts it. */
export function timeOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

const ROW_PX = 18; // one line of a bar's label
const BAR_GAP_PX = 14;

/** How tall a chart's box is: bars by their label lines, time charts fixed. */
export function heightOf(spec: ChartSpec): number {
  if (spec.kind === 'time') return 300;
  const lines = spec.bars.reduce((n, b) => n + wrapLabel(b.label).length, 0);
  return lines * ROW_PX + spec.bars.length * BAR_GAP_PX + 70;
}

interface MarksOptions {
  protectedLabel: string;
  protected: boolean[];
  locale: string;
  rtl: boolean;
  colors: Colors;
}

let hatch: CanvasPattern | null | undefined;
function hatchOf(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  if (hatch === undefined) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 8;
    const t = tile.getContext('2d');
    if (t) {
      t.strokeStyle = color;
      t.lineWidth = 1.5;
      t.beginPath();
      t.moveTo(0, 8);
      t.lineTo(8, 0);
      t.stroke();
    }
    hatch = t ? ctx.createPattern(tile, 'repeat') : null;
  }
  return hatch ?? color;
}

/** Writes each bar's figure at its end, and marks a protected figure with a hatched box and
 * the word for it where its bar would start: withheld, not zero. */
const marks: Plugin<'bar'> = {
  id: 'pathwaysMarks',
  afterDatasetsDraw(chart, _args, options) {
    const o = options as unknown as MarksOptions;
    const { ctx } = chart;
    const x = chart.scales.x as Scale;
    const y = chart.scales.y as Scale;
    const values = chart.data.datasets[0]?.data ?? [];
    const number = new Intl.NumberFormat(o.locale, { maximumFractionDigits: 1 });
    const dir = o.rtl ? -1 : 1;
    const origin = x.getPixelForValue(0);
    const thickness = Math.min(24, (y.height / Math.max(1, values.length)) * 0.6);
    ctx.save();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = o.colors.text;
    ctx.textBaseline = 'middle';
    ctx.textAlign = o.rtl ? 'right' : 'left';
    values.forEach((v, i) => {
      const mid = y.getPixelForValue(i);
      if (o.protected[i]) {
        const w = 28;
        ctx.fillStyle = hatchOf(ctx, o.colors.protected);
        ctx.fillRect(o.rtl ? origin - w : origin, mid - thickness / 2, w, thickness);
        ctx.strokeStyle = o.colors.protected;
        ctx.strokeRect(o.rtl ? origin - w : origin, mid - thickness / 2, w, thickness);
        ctx.fillStyle = o.colors.text;
        ctx.fillText(o.protectedLabel, origin + dir * (w + 6), mid);
      } else if (typeof v === 'number') {
        ctx.fillText(number.format(v), x.getPixelForValue(v) + dir * 6, mid);
      }
    });
    ctx.restore();
  },
};

function barsConfig(spec: BarsSpec, env: DrawEnv): ChartConfiguration<'bar'> {
  const { colors, rtl, locale } = env;
  const max = Math.max(1, ...spec.bars.map((b) => b.value ?? 0));
  return {
    type: 'bar',
    data: {
      labels: spec.bars.map((b) => wrapLabel(b.label)),
      datasets: [{ label: spec.valueTitle, data: spec.bars.map((b) => b.value), backgroundColor: colors.series[0], maxBarThickness: 24 }],
    },
    options: {
      indexAxis: 'y',
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Room at the value end for the figures the marks plugin writes there.
      layout: { padding: rtl ? { left: 48 } : { right: 48 } },
      scales: {
        x: {
          beginAtZero: true,
          // The scale is the cells': a total never sets it (callers leave totals out).
          suggestedMax: max,
          reverse: rtl,
          title: { display: true, text: spec.valueTitle, color: colors.text },
          ticks: { precision: 0, color: colors.text },
          grid: { color: colors.grid },
        },
        y: {
          position: rtl ? 'right' : 'left',
          ticks: { autoSkip: false, color: colors.text, font: { size: 12 } },
          grid: { display: false },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
        // @ts-expect-error: the options of this chart's own plugin
        pathwaysMarks: { protectedLabel: spec.protectedLabel, protected: spec.bars.map((b) => !!b.protected), locale, rtl, colors },
      },
    },
    plugins: [marks],
  };
}

function axisOptions(a: AxisSpec, env: DrawEnv, side: 'start' | 'end') {
  const percent = new Intl.NumberFormat(env.locale, { style: 'percent', maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(env.locale, { maximumFractionDigits: 1 });
  const start = env.rtl ? 'right' : 'left';
  const end = env.rtl ? 'left' : 'right';
  return {
    position: side === 'start' ? start : end,
    min: a.min,
    max: a.max,
    beginAtZero: a.min === undefined,
    title: { display: true, text: a.title, color: env.colors.text },
    grid: { color: env.colors.grid, drawOnChartArea: side === 'start' },
    ticks: {
      color: env.colors.text,
      ...(a.integer || a.labels ? { stepSize: 1, precision: 0 } : {}),
      callback: (v: string | number) => {
        const n = Number(v);
        if (a.labels) return a.labels[n] ?? '';
        return a.percent ? percent.format(n) : number.format(n);
      },
    },
  } as const;
}

function timeConfig(spec: TimeSpec, env: DrawEnv): ChartConfiguration {
  const { colors, rtl, locale } = env;
  const stacked = spec.series.some((s) => s.stack);
  const datasets = spec.series.map((s, i): ChartDataset => {
    const color = colors.series[i % colors.series.length];
    const data = s.points.map((p) => ({ x: timeOf(p.x), y: p.y }));
    return s.type === 'bar'
      ? { type: 'bar', label: s.label, data, yAxisID: s.axis, stack: s.stack ?? s.label, backgroundColor: color, maxBarThickness: 32 }
      : {
          type: 'line',
          label: s.label,
          data,
          yAxisID: s.axis,
          stack: `line:${s.label}`,
          borderColor: color,
          backgroundColor: color,
          pointRadius: 4,
          stepped: s.stepped ? 'before' : false,
          spanGaps: true,
        };
  });
  const zone = 'utc';
  const tooltipFormat = spec.unit === 'month' ? { month: 'long', year: 'numeric' } : DateTime.DATE_MED;
  return {
    type: 'bar',
    data: { datasets },
    options: {
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          type: 'time',
          offset: true,
          reverse: rtl,
          stacked,
          adapters: { date: { zone, locale } },
          // Luxon takes an Intl format object where Chart.js's types expect a pattern.
          time: { unit: spec.unit, tooltipFormat: tooltipFormat as unknown as string },
          ticks: { color: colors.text, source: 'auto', autoSkip: true, maxRotation: 0 },
          grid: { color: colors.grid },
        },
        y: { ...axisOptions(spec.y, env, 'start'), stacked },
        ...(spec.y1 ? { y1: axisOptions(spec.y1, env, 'end') } : {}),
      },
      plugins: {
        legend: { position: 'bottom', rtl, textDirection: rtl ? 'rtl' : 'ltr', labels: { color: colors.text } },
        tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
      },
    },
  };
}

/** The Chart.js configuration of a spec (pure: no canvas needed). */
export function configOf(spec: ChartSpec, env: DrawEnv): ChartConfiguration {
  return spec.kind === 'bars' ? (barsConfig(spec, env) as unknown as ChartConfiguration) : timeConfig(spec, env);
}

/** Draws spec on canvas, sizing its box; returns what to call when the chart goes away. */
export function drawChart(canvas: HTMLCanvasElement, box: HTMLElement, spec: ChartSpec, env: Omit<DrawEnv, 'colors'>): () => void {
  box.style.blockSize = `${heightOf(spec)}px`;
  const chart = new Chart(canvas, configOf(spec, { ...env, colors: colorsOf(box) }));
  return () => chart.destroy();
}
