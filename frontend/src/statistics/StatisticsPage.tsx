import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCoverage, getStatistic, listIndicators } from '../api/oversight';
import { Field } from '../forms/Field';
import { translatedOr, useLabels } from '../i18n/labels';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { CoverageView } from './CoverageView';
import { IndicatorView } from './IndicatorView';
import { lastCompleteMonth, monthName, presets, toDates, type MonthPeriod } from './months';
import { localErrors, PeriodFields, periodErrors, usePeriodLabel } from './PeriodFields';

/** National figures: one indicator at a time, over a standard period of closed months,
 * optionally broken down; then the memorandum coverage over the same months. The page says
 * how the figures are protected. The figures are loaded here so that the API's objections
 * to the period show at the month inputs. Until the user picks a period, it is the last 12
 * months the API serves (it names the latest in its catalogue). */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const { label, dimensionName } = useLabels();
  useDocumentTitle(t('nav.statistics'));
  const cat = useLoad((s) => listIndicators(s), []);
  const indicators = cat.data?.items ?? [];
  const protection = cat.data?.protection;
  const [now] = useState(() => new Date());
  const latest = protection?.latest_month ?? lastCompleteMonth(now);
  const [picked, setMonths] = useState<MonthPeriod | null>(null);
  const months = picked ?? presets(latest).last12;
  const [id, setId] = useState('');
  const [by, setBy] = useState('');
  const chosen = indicators.find((i) => i.id === id) ?? indicators[0];
  const breakdowns = chosen?.breakdowns ?? [];
  const byOk = breakdowns.includes(by) ? by : '';
  const local = localErrors(months);
  const dates = local.from || local.to ? null : toDates(months);
  const query = dates ? { ...dates, ...(byOk ? { by: byOk } : {}) } : null;
  const stat = useLoad(
    (s) => (chosen && query ? getStatistic(chosen.id, query, s) : Promise.resolve(undefined)),
    [chosen?.id, query],
  );
  const cov = useLoad((s) => (dates && cat.data ? getCoverage(dates, s) : Promise.resolve(undefined)), [dates, cat.data]);
  const latestName = monthName(latest, i18n.language || 'en');
  const errors = { ...(periodErrors(stat.error, latestName) ?? periodErrors(cov.error, latestName) ?? {}), ...local };
  const period = usePeriodLabel(months);
  // The definition in the interface's language; an indicator with no translation here (one
  // the API has gained since) keeps the API's English text, marked as English for screen readers.
  const definitionKey = chosen ? `catalogue.indicatorDefinition.${chosen.id}` : '';
  const definition = chosen ? translatedOr(t, definitionKey, chosen.definition) : '';
  const definitionInEnglish = !!chosen && !i18n.exists(definitionKey) && !(i18n.language || 'en').startsWith('en');
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.statistics')}</h1>
      <LoadState loading={cat.loading} error={cat.error} onRetry={cat.reload} />
      {protection && (
        <p data-testid="protection-note">
          {t('statistics.thresholdNote', {
            threshold: String(protection.threshold),
            small: String(protection.threshold - 1),
            minPeople: String(protection.min_people),
            lag: String(protection.lag_days),
          })}
        </p>
      )}
      <form className="filters" aria-label={t('statistics.choose')} onSubmit={(e) => e.preventDefault()}>
        {chosen && (
          <Field label={t('statistics.indicator')}>
            {(p) => (
              <select {...p} className="input" value={chosen.id} onChange={(e) => setId(e.target.value)}>
                {indicators.map((i) => (
                  <option key={i.id} value={i.id}>
                    {label('indicator', i.id, i.title)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <PeriodFields value={months} onChange={setMonths} errors={errors} latest={latest} />
        {chosen && (
          <Field label={t('statistics.by')}>
            {(p) => (
              <select {...p} className="input" value={byOk} onChange={(e) => setBy(e.target.value)}>
                <option value="">{t('statistics.noBreakdown')}</option>
                {breakdowns.map((b) => (
                  <option key={b} value={b}>
                    {dimensionName(b)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </form>
      {chosen && (
        <>
          <p className="muted" data-testid="indicator-definition" {...(definitionInEnglish ? { lang: 'en', dir: 'auto' } : {})}>
            {definition}
          </p>
          <IndicatorView indicator={chosen} query={query} period={period} load={stat} />
        </>
      )}
      <CoverageView period={period} load={cov} />
    </div>
  );
}
