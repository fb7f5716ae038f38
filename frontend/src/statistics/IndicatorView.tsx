import { useId, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { statisticUrl, type StatQuery } from '../api/oversight';
import type { Indicator, Statistic } from '../api/types';
import { useFormat } from '../i18n/format';
import { dimensionName, dimensionValue, labelOf as codeLabel } from '../i18n/labels';
import { BarChart } from '../ui/BarChart';
import { LoadState } from '../ui/LoadState';
import type { Loaded } from '../ui/useLoad';
import { isTotalRow, statisticBars } from './chartSeries';
import { statNotes } from './notes';
import { periodErrors } from './PeriodFields';
import { downloadTable } from './tableCsv';

type Row = Statistic['rows'][number];

/** The words for a row's value of one dimension, in the interface language: the API's
 * label is English (or a facility's own name), so codes are translated here. */
function labelOf(t: TFunction, st: Statistic, row: Row, dim: string): string {
  const code = row[dim] as unknown as string;
  return dimensionValue(t, dim, code, st.dimensions.find((d) => d.id === dim)?.codes.find((c) => c.code === code)?.label);
}

/** The coverage columns beside an outcome figure: a status of the row's follow_up, and its heading. */
const FOLLOW_UP_COLUMNS = [
  ['due', 'followUpDue'],
  ['reached', 'followUpReached'],
  ['not_reached', 'followUpNotReached'],
  ['open', 'followUpOpen'],
] as const;

/** One indicator's table (every cell: perturbed figures, and those withheld marked), a chart
 * of the cells (totals left out of its scale, withheld figures marked protected), and the
 * same figures as CSV or SDMX-CSV downloads for the same months. `query` is null while the
 * period cannot be asked for; `load` is the page's load of the figures. */
export function IndicatorView({
  indicator,
  query,
  period,
  load: l,
}: {
  indicator: Indicator;
  query: StatQuery | null;
  period: string;
  load: Loaded<Statistic | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const noteId = useId();
  const perturbedId = useId();
  const table = useRef<HTMLTableElement>(null);
  const badPeriod = periodErrors(l.error) !== null;
  const st = l.error ? undefined : l.data;
  const dims = st?.dimensions.map((d) => d.id) ?? [];
  // Outcome figures carry the follow-up points they rest on: shown beside each row, so a
  // figure on part of the people is never read as one on everyone.
  const coverage = Boolean(indicator.follow_up);
  const bars = st ? statisticBars(st, (r) => dims.map((d) => labelOf(t, st, r, d)).join(' / ')) : [];
  const title = codeLabel(t, 'indicator', indicator.id, indicator.title);
  const unit = st ? codeLabel(t, 'unit', st.unit, st.unit) : '';
  return (
    <section aria-labelledby="stat-title" className="card">
      <h2 id="stat-title">{period ? t('statistics.heading', { title, period }) : title}</h2>
      {query && !badPeriod && (
        <div className="actions">
          <a className="button" href={statisticUrl(indicator.id, { ...query, format: 'csv' })} download data-testid="download-csv">
            {t('statistics.downloadCsv')}
          </a>
          <a className="button" href={statisticUrl(indicator.id, { ...query, format: 'sdmx' })} download data-testid="download-sdmx">
            {t('statistics.downloadSdmx')}
          </a>
          {st && !l.loading && st.rows.length > 0 && (
            <button
              type="button"
              className="button"
              data-testid="download-shown"
              onClick={() =>
                table.current &&
                downloadTable(table.current, `pathways-${indicator.id}-${query.from ?? ''}-${query.to ?? ''}-${i18n.language}.csv`, i18n.language)
              }
            >
              {t('statistics.downloadShown')}
            </button>
          )}
        </div>
      )}
      {!query || badPeriod ? (
        <p className="muted">{t('statistics.fixPeriod')}</p>
      ) : (
        <LoadState loading={l.loading} error={l.error} onRetry={l.reload} />
      )}
      {st && !l.loading && (
        <>
          <p id={perturbedId} className="muted">
            {t('statistics.perturbedNote')}
          </p>
          <p id={noteId} className="muted">
            {t('statistics.suppressedNote', { minPeople: String(st.min_people) })}
          </p>
          {statNotes(t, i18n.language, indicator, st).map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          {st.rows.length === 0 ? (
            <p>{t('statistics.noRows')}</p>
          ) : (
            <table className="table" data-testid="stat-table" ref={table}>
              <caption className="visually-hidden">{t('statistics.tableCaption', { title, unit })}</caption>
              <thead>
                <tr>
                  {dims.map((d) => (
                    <th key={d} scope="col">
                      {dimensionName(t, d)}
                    </th>
                  ))}
                  <th scope="col">{t('statistics.value', { unit })}</th>
                  {coverage &&
                    FOLLOW_UP_COLUMNS.map(([, key]) => (
                      <th key={key} scope="col">
                        {t(`statistics.${key}`)}
                      </th>
                    ))}
                </tr>
              </thead>
              <tbody>
                {st.rows.map((r, i) => (
                  <tr key={i} className={isTotalRow(r, dims) ? 'table__total' : undefined}>
                    {dims.map((d, j) =>
                      j === 0 ? (
                        <th key={d} scope="row">
                          {labelOf(t, st, r, d)}
                        </th>
                      ) : (
                        <td key={d}>{labelOf(t, st, r, d)}</td>
                      ),
                    )}
                    <td data-status={r.status}>
                      {r.suppressed ? (
                        <span className="suppressed" aria-describedby={noteId} data-testid="suppressed">
                          {t('statistics.suppressed')}
                        </span>
                      ) : (
                        <span aria-describedby={perturbedId} data-testid="perturbed">
                          {f.number(r.value == null ? null : Number(r.value))}
                        </span>
                      )}
                    </td>
                    {coverage &&
                      FOLLOW_UP_COLUMNS.map(([status, key]) => (
                        <td key={key} data-testid={`follow-up-${status}`}>
                          {r.follow_up ? f.number(r.follow_up[status]) : <span className="muted">{t('statistics.followUpWithheld')}</span>}
                        </td>
                      ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {bars.length > 0 && (
            <BarChart
              bars={bars}
              caption={t('statistics.chartCaption', { title })}
              valueTitle={t('statistics.value', { unit })}
              protectedLabel={t('statistics.protectedMark')}
            />
          )}
        </>
      )}
    </section>
  );
}
