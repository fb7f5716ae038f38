import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listIndicators } from '../api/oversight';
import { Field } from '../forms/Field';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { CoverageView } from './CoverageView';
import { IndicatorView } from './IndicatorView';

function yearAgo(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** National figures: one indicator at a time, over a period, optionally broken down. */
export function StatisticsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.statistics'));
  const cat = useLoad((s) => listIndicators(s), []);
  const indicators = cat.data?.items ?? [];
  const to0 = new Date().toISOString().slice(0, 10);
  const [id, setId] = useState('');
  const [from, setFrom] = useState(yearAgo(to0));
  const [to, setTo] = useState(to0);
  const [by, setBy] = useState('');
  const chosen = indicators.find((i) => i.id === id) ?? indicators[0];
  const breakdowns = chosen?.breakdowns ?? [];
  const byOk = breakdowns.includes(by) ? by : '';
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.statistics')}</h1>
      <LoadState loading={cat.loading} error={cat.error} onRetry={cat.reload} />
      {cat.data && (
        <p>{t('statistics.thresholdNote', { threshold: String(cat.data.threshold) })}</p>
      )}
      {chosen && (
        <>
          <form className="filters" aria-label={t('statistics.choose')} onSubmit={(e) => e.preventDefault()}>
            <Field label={t('statistics.indicator')}>
              {(p) => (
                <select {...p} className="input" value={chosen.id} onChange={(e) => setId(e.target.value)}>
                  {indicators.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('statistics.from')}>
              {(p) => <input {...p} type="date" className="input input--date" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field label={t('statistics.to')}>
              {(p) => <input {...p} type="date" className="input input--date" value={to} onChange={(e) => setTo(e.target.value)} />}
            </Field>
            <Field label={t('statistics.by')}>
              {(p) => (
                <select {...p} className="input" value={byOk} onChange={(e) => setBy(e.target.value)}>
                  <option value="">{t('statistics.noBreakdown')}</option>
                  {breakdowns.map((b) => (
                    <option key={b} value={b}>
                      {t(`dimension.${b}`, { defaultValue: b })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </form>
          <p className="muted">{chosen.definition}</p>
          <IndicatorView indicator={chosen} query={{ from, to, ...(byOk ? { by: byOk } : {}) }} />
        </>
      )}
      <CoverageView from={from} to={to} />
    </div>
  );
}
