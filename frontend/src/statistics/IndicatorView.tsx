import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { getStatistic, statisticUrl, type StatQuery } from '../api/oversight';
import type { Indicator, Statistic } from '../api/types';
import { BarChart } from '../ui/BarChart';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';

type Row = Statistic['rows'][number];

function labelOf(st: Statistic, row: Row, dim: string): string {
  const code = row[dim] as unknown as string;
  return st.dimensions.find((d) => d.id === dim)?.codes.find((c) => c.code === code)?.label ?? code;
}

/** One indicator's table (every cell, suppressed ones marked), a chart of the published
 * cells, and the same figures as CSV or SDMX-CSV downloads. */
export function IndicatorView({ indicator, query }: { indicator: Indicator; query: StatQuery }) {
  const { t } = useTranslation();
  const noteId = useId();
  const key = JSON.stringify([indicator.id, query]);
  const l = useLoad((s) => getStatistic(indicator.id, query, s), [key]);
  const st = l.data;
  const dims = st?.dimensions.map((d) => d.id) ?? [];
  const bars =
    st?.rows
      .filter((r) => !r.suppressed && r.value !== null)
      .map((r) => ({ label: dims.map((d) => labelOf(st, r, d)).join(' / '), value: Number(r.value) })) ?? [];
  return (
    <section aria-labelledby="stat-title" className="card">
      <h2 id="stat-title">{indicator.title}</h2>
      <div className="actions">
        <a className="button" href={statisticUrl(indicator.id, { ...query, format: 'csv' })} download data-testid="download-csv">
          {t('statistics.downloadCsv')}
        </a>
        <a className="button" href={statisticUrl(indicator.id, { ...query, format: 'sdmx' })} download data-testid="download-sdmx">
          {t('statistics.downloadSdmx')}
        </a>
      </div>
      <LoadState loading={l.loading} error={l.error} onRetry={l.reload} />
      {st && !l.loading && (
        <>
          <p id={noteId} className="muted">
            {t('statistics.suppressedNote', { threshold: String(st.threshold) })}
          </p>
          {st.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          {st.rows.length === 0 ? (
            <p>{t('statistics.noRows')}</p>
          ) : (
            <table className="table" data-testid="stat-table">
              <caption className="visually-hidden">{t('statistics.tableCaption', { title: st.title, unit: st.unit })}</caption>
              <thead>
                <tr>
                  {dims.map((d) => (
                    <th key={d} scope="col">
                      {t(`dimension.${d}`, { defaultValue: d })}
                    </th>
                  ))}
                  <th scope="col">{t('statistics.value', { unit: st.unit })}</th>
                </tr>
              </thead>
              <tbody>
                {st.rows.map((r, i) => (
                  <tr key={i}>
                    {dims.map((d, j) =>
                      j === 0 ? (
                        <th key={d} scope="row">
                          {labelOf(st, r, d)}
                        </th>
                      ) : (
                        <td key={d}>{labelOf(st, r, d)}</td>
                      ),
                    )}
                    <td>
                      {r.suppressed ? (
                        <span className="suppressed" aria-describedby={noteId} data-testid="suppressed">
                          {t('statistics.suppressed')}
                        </span>
                      ) : (
                        r.value
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {bars.length > 0 && <BarChart bars={bars} caption={t('statistics.chartCaption', { title: st.title })} />}
        </>
      )}
    </section>
  );
}
