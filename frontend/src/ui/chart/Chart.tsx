import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../../i18n/format';
import { directionOf } from '../../i18n/languages';
import type { ChartSpec } from './spec';

/** Whether this browser can draw charts: a 2D canvas and ResizeObserver (Chart.js sizes
 * charts with it). Where it cannot (jsdom in unit tests, a stripped-down browser), the
 * figure keeps its caption and the table beside it carries the figures. */
function canDraw(): boolean {
  return typeof ResizeObserver !== 'undefined' && typeof CanvasRenderingContext2D !== 'undefined';
}

/**
 * A chart of spec, drawn by Chart.js (loaded on first use, in the interface language and
 * direction). The canvas is hidden from assistive technology: the caption names the chart
 * and callers always render the table with the same figures beside it.
 */
export function Chart({ spec, caption }: { spec: ChartSpec; caption: string }) {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  const key = JSON.stringify(spec);
  useEffect(() => {
    if (!canDraw()) return;
    let destroy: (() => void) | undefined;
    let gone = false;
    void import('./draw').then(({ drawChart }) => {
      if (gone || !canvas.current || !box.current) return;
      destroy = drawChart(canvas.current, box.current, JSON.parse(key) as ChartSpec, {
        locale: localeOf(lng),
        rtl: directionOf(lng) === 'rtl',
      });
    });
    return () => {
      gone = true;
      destroy?.();
    };
  }, [key, lng]);
  return (
    <figure className="chart" aria-labelledby={id} data-testid="chart">
      <div className="chart__box" ref={box}>
        <canvas ref={canvas} aria-hidden="true" />
      </div>
      <figcaption id={id}>{caption}</figcaption>
    </figure>
  );
}
