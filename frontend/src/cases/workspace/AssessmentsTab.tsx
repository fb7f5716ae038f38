import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { instrumentName } from '../../i18n/labels';
import { listInstruments } from '../../api/catalogue';
import { discardAssessment, finaliseAssessment, listAssessments } from '../../api/records';
import { FormStatus } from '../../forms/FormStatus';
import { useSubmit } from '../../forms/useSubmit';
import type { Assessment } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { AssessmentForm, type AssessmentBase } from './AssessmentForm';
import { AssessmentView } from './AssessmentView';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

export function AssessmentsTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const l = useLoad((s) => listAssessments(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const instruments = useLoad((s) => listInstruments(s), []);
  // The instrument by its name, and the version of its form: "version 1" alone read as the
  // assessment's own version (trial 16, M3/M6).
  const instrumentOf = (a: Assessment) => {
    const all = instruments.data?.items ?? [];
    const name = (all.find((i) => i.code === a.instrument_code && i.version === a.instrument_version) ?? all.find((i) => i.code === a.instrument_code))?.name;
    return t('assessments.instrumentForm', { name: name ? instrumentName(t, a.instrument_code, a.instrument_version, name) : a.instrument_code, version: a.instrument_version });
  };
  // A final baseline exists (and is not corrected away): the next assessment is a review.
  const items = l.data?.items ?? [];
  const hasBaseline = items.some((a) => a.status === 'final' && a.occasion === 'baseline');
  const fin = useSubmit();
  const [base, setBase] = useState<AssessmentBase>(null);
  const [reading, setReading] = useState<Assessment | null>(null);
  // Bumped when a draft is discarded, so a form that was writing to it starts afresh.
  const [fresh, setFresh] = useState(0);
  const f = useFormat();
  const done = (msg: string) => {
    setSaved(msg);
    setBase(null);
    reload();
  };
  const open = c.phase !== 'closed';
  // A final assessment already corrected by another is not offered for correction again.
  const corrected = new Set((l.data?.items ?? []).map((a) => a.supersedes).filter(Boolean));
  return (
    <section aria-labelledby="tab-assessments" className="tab">
      <h2 id="tab-assessments">{t('workspace.tab.assessments')}</h2>
      <Saved message={saved} />
      <FormStatus submit={fin} />
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {l.data && l.data.items.length === 0 && <p>{t('workspace.empty')}</p>}
      {l.data && l.data.items.length > 0 && (
        <table className="table" data-testid="assessments">
          <caption className="visually-hidden">{t('workspace.tab.assessments')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assessments.date')}</th>
              <th scope="col">{t('assessments.instrument')}</th>
              <th scope="col">{t('assessments.occasion')}</th>
              <th scope="col">{t('assessments.overall')}</th>
              <th scope="col">{t('assessments.status')}</th>
              <th scope="col">{t('assessments.nextReview')}</th>
            </tr>
          </thead>
          <tbody>
            {l.data.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <time dateTime={a.assessed_on}>{f.date(a.assessed_on)}</time>
                </td>
                <td>{instrumentOf(a)}</td>
                <td>{t(`occasion.${a.occasion}`)}</td>
                <td>{a.overall ? t(`overall.${a.overall}`) : '—'}</td>
                <td>
                  {a.status === 'draft' ? (
                    <strong>{t('assessmentStatus.draft')}</strong>
                  ) : (
                    t(`assessmentStatus.${a.status}`)
                  )}
                  {a.supersedes && <> {t('assessments.correction')}</>}{' '}
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('assessments.readOf', { date: f.date(a.assessed_on) })}
                    aria-expanded={reading?.id === a.id}
                    onClick={() => setReading(reading?.id === a.id ? null : a)}
                  >
                    {t('assessments.read')}
                  </button>
                  {open && a.status === 'draft' && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('assessments.continueOf', { date: f.date(a.assessed_on) })}
                        onClick={() => setBase({ mode: 'edit', a })}
                      >
                        {t('assessments.continue')}
                      </button>{' '}
                      <ConfirmButton
                        className="button button--small"
                        label={t('assessments.finalise')}
                        question={t('assessments.finaliseQuestion')}
                        action={t('confirm.finaliseVerb')}
                        disabled={fin.pending}
                        onConfirm={async () => {
                          setSaved(null);
                          const r = await fin.run({}, () => finaliseAssessment(c.id, a.id, a.version));
                          if (r) done(t('assessments.finalised'));
                        }}
                      />{' '}
                      <ConfirmButton
                        className="button button--small"
                        label={t('assessments.discard')}
                        ariaLabel={t('assessments.discardOf', { date: f.date(a.assessed_on) })}
                        question={t('assessments.discardQuestion', { date: f.date(a.assessed_on) })}
                        action={t('confirm.discardVerb')}
                        disabled={fin.pending}
                        onConfirm={async () => {
                          setSaved(null);
                          const r = await fin.run({}, () => discardAssessment(c.id, a.id, a.version));
                          if (!r) return;
                          if (reading?.id === a.id) setReading(null);
                          setFresh((n) => n + 1);
                          done(t('assessments.discarded'));
                        }}
                      />
                    </>
                  )}
                  {open && a.status === 'final' && !corrected.has(a.id) && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('assessments.correctOf', { date: f.date(a.assessed_on) })}
                        onClick={() => setBase({ mode: 'correct', a })}
                      >
                        {t('assessments.correct')}
                      </button>
                    </>
                  )}
                </td>
                <td>{a.next_review_date ? <time dateTime={a.next_review_date}>{f.date(a.next_review_date)}</time> : f.date(null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reading && <AssessmentView a={reading} onClose={() => setReading(null)} />}
      {open && (
        <AssessmentForm
          key={`${base ? base.mode + base.a.id : 'new'}:${fresh}`}
          caseId={c.id}
          onSaved={done}
          hasBaseline={hasBaseline}
          onSubmit={() => setSaved(null)}
          onDraftKept={l.reload}
          base={base}
          onCancel={base ? () => setBase(null) : undefined}
        />
      )}
    </section>
  );
}
