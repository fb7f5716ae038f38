import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { localInstrument } from '../../i18n/labels';
import { getInstrument } from '../../api/catalogue';
import type { Assessment } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useLoad } from '../../ui/useLoad';

/** An assessment read back as recorded (ratings with their evidence, the overall judgement
 * and its rationale), changing nothing. Item names come from the instrument version it was
 * made with; a rating's scale label is shown beside its number. */
export function AssessmentView({ a, onClose }: { a: Assessment; onClose(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const inst = useLoad((s) => getInstrument(a.instrument_code, s, a.instrument_version), [a.instrument_code, a.instrument_version]);
  const words = inst.data && localInstrument(t, inst.data);
  const items = new Map((words?.definition.domains ?? []).flatMap((d) => d.items.map((it) => [it.code, it] as const)));
  const labels = words?.definition.scale.labels ?? {};
  // The ratings in the form's order, under their domains (trial 17: sorted by code, the
  // domains gone); a rating of an item the instrument no longer lists comes last.
  const byItem = new Map(a.ratings.map((r) => [r.item_code, r] as const));
  const groups = (words?.definition.domains ?? []).map((d) => ({
    code: d.code,
    name: d.name,
    ratings: d.items.flatMap((it) => byItem.get(it.code) ?? []),
  }));
  const listed = new Set(groups.flatMap((g) => g.ratings.map((r) => r.item_code)));
  groups.push({ code: '', name: '', ratings: a.ratings.filter((r) => !listed.has(r.item_code)) });
  const titleId = `assessment-view-${a.id}`;
  return (
    <article className="card" aria-labelledby={titleId} data-testid="assessment-view">
      <h3 id={titleId} tabIndex={-1}>
        {t('assessments.viewTitle', { date: f.date(a.assessed_on), status: t(`assessmentStatus.${a.status}`) })}
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('assessments.instrument')}</dt>
          <dd>{t('assessments.instrumentForm', { name: words?.name ?? a.instrument_code, version: a.instrument_version })}</dd>
        </div>
        <div>
          <dt>{t('assessments.occasion')}</dt>
          <dd>{t(`occasion.${a.occasion}`)}</dd>
        </div>
        <div>
          <dt>{t('assessments.overall')}</dt>
          <dd>{a.overall ? t(`overall.${a.overall}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('assessments.nextReview')}</dt>
          <dd>{a.next_review_date ? <time dateTime={a.next_review_date}>{f.date(a.next_review_date)}</time> : f.date(null)}</dd>
        </div>
      </dl>
      <h4>{t('assessments.rationale')}</h4>
      {a.rationale ? (
        <p dir="auto" className="prose">
          {a.rationale}
        </p>
      ) : (
        <p className="muted">{t('assessments.noRationale')}</p>
      )}
      {a.ratings.length === 0 ? (
        <p className="muted">{t('assessments.noRatings')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('assessments.ratingColumn')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessments.item')}</th>
                <th scope="col">{t('assessments.ratingColumn')}</th>
                <th scope="col">{t('assessments.evidenceColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <Fragment key={g.code}>
                  {g.name && (
                    <tr className="table__group">
                      <th scope="colgroup" colSpan={3}>
                        {g.name}
                      </th>
                    </tr>
                  )}
                  {g.ratings.map((r) => {
                    const it = items.get(r.item_code);
                    const label = r.rating != null ? labels[String(r.rating)] : undefined;
                    return (
                      <tr key={r.item_code}>
                        <th scope="row">
                          {r.item_code}
                          {it?.text && <> — {it.text}</>}
                          {it && <span className="muted"> ({t(`polarity.${it.polarity}`)})</span>}
                        </th>
                        <td>{r.not_rated ? t('assessments.notRated') : r.rating != null ? `${f.number(r.rating, 0)}${label ? ` — ${label}` : ''}` : '—'}</td>
                        <td dir="auto" className="prose">
                          {r.evidence ?? ''}
                        </td>
                      </tr>
                    );
                  })}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" className="button" onClick={onClose}>
        {t('assessments.close')}
      </button>
    </article>
  );
}
