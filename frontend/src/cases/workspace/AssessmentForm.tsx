import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { instrumentName, localInstrument } from '../../i18n/labels';
import { getInstrument, listInstruments } from '../../api/catalogue';
import { createAssessment, finaliseAssessment, updateAssessment } from '../../api/records';
import type { Assessment, AssessmentRequest, Instrument, Rating } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { useSubmit } from '../../forms/useSubmit';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { useFormat } from '../../i18n/format';
import { useLoad } from '../../ui/useLoad';

const OCCASIONS = ['baseline', 'scheduled', 'event', 'pre_release', 'post_release', 'closure'] as const;
const NOT_RATED = 'not_rated';

interface ItemValue {
  rating: string; // '' unrated yet, 'not_rated', or a number on the scale
  evidence: string;
}

/** What the form starts from: nothing (a new assessment), a draft to revise (PUT), or a final
 * assessment to correct (a new draft that supersedes it; the final one is never changed). */
export type AssessmentBase = { mode: 'edit' | 'correct'; a: Assessment } | null;

function valuesOf(a: Assessment): Record<string, ItemValue> {
  const out: Record<string, ItemValue> = {};
  for (const r of a.ratings) {
    out[r.item_code] = {
      rating: r.not_rated ? NOT_RATED : r.rating != null ? String(r.rating) : '',
      evidence: r.evidence ?? '',
    };
  }
  return out;
}

/** An assessment, built from the instrument's own definition. The overall judgement is the
 * assessor's, chosen here, never summed from the items. */
export function AssessmentForm({
  caseId,
  onSaved,
  onDraftKept,
  base = null,
  onCancel,
  onSubmit,
  hasBaseline = false,
}: {
  caseId: string;
  onSaved(msg: string): void;
  /** The case has a final baseline: a new assessment starts as a scheduled review. */
  hasBaseline?: boolean;
  /** A save begins: the previous outcome shown above the form is withdrawn. */
  onSubmit?(): void;
  /** A draft was written but finalising it failed: the list should show it. */
  onDraftKept?(): void;
  base?: AssessmentBase;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const instruments = useLoad((s) => listInstruments(s), []);
  const live = (instruments.data?.items ?? []).filter((i) => !i.retired_at);
  const [code, setCode] = useState('');
  const chosen = base ? base.a.instrument_code : code || live[0]?.code || '';
  const version = base?.a.instrument_version;
  const inst = useLoad((s) => (chosen ? getInstrument(chosen, s, version) : Promise.resolve(null)), [chosen, version]);
  const title = !base
    ? t('assessments.new')
    : base.mode === 'edit'
      ? t('assessments.editTitle', { date: f.date(base.a.assessed_on) })
      : t('assessments.correctTitle', { date: f.date(base.a.assessed_on) });
  return (
    <div className="card">
      <h3 id="assessment-form-title">{title}</h3>
      {base?.mode === 'correct' && <p className="field__hint">{t('assessments.correctHint')}</p>}
      {!base && (
        <Field label={t('assessments.instrument')}>
          {(p) => (
            <select {...p} className="input" value={chosen} onChange={(e) => setCode(e.target.value)}>
              {live.map((i) => (
                <option key={`${i.code}@${i.version}`} value={i.code}>
                  {t('assessments.instrumentForm', { name: instrumentName(t, i.code, i.version, i.name), version: i.version })}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {inst.data && (
        <AssessmentFields
          key={inst.data.code + inst.data.version + (base ? base.mode + base.a.id : '')}
          caseId={caseId}
          inst={localInstrument(t, inst.data)}
          onSaved={onSaved}
          onDraftKept={onDraftKept}
          base={base}
          onCancel={onCancel}
          onSubmit={onSubmit}
          hasBaseline={hasBaseline}
        />
      )}
    </div>
  );
}

function AssessmentFields({
  caseId,
  inst,
  onSaved,
  onDraftKept,
  base,
  onCancel,
  onSubmit,
  hasBaseline,
}: {
  caseId: string;
  inst: Instrument;
  onSubmit?(): void;
  hasBaseline: boolean;
  onSaved(msg: string): void;
  onDraftKept?(): void;
  base: AssessmentBase;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const submit = useSubmit();
  // The draft this form writes to: the one being edited, or the one a first save created. A
  // "Save and finalise" whose finalising fails has still written its draft; a second try must
  // update that draft, never leave it behind and create another.
  const [draft, setDraft] = useState<Assessment | null>(base?.mode === 'edit' ? base.a : null);
  const items = inst.definition.domains.flatMap((d) => d.items);
  // Until the user chooses, the occasion follows the case: a scheduled review once a final
  // baseline exists (known only when the list has loaded), a baseline before.
  const [chosenOccasion, setOccasion] = useState<(typeof OCCASIONS)[number] | null>(base?.a.occasion ?? null);
  const occasion = chosenOccasion ?? (hasBaseline ? 'scheduled' : 'baseline');
  const [assessedOn, setAssessedOn] = useState(base?.mode === 'edit' ? base.a.assessed_on : today());
  const [overall, setOverall] = useState<string>(base?.a.overall ?? '');
  const [rationale, setRationale] = useState(base?.a.rationale ?? '');
  const [values, setValues] = useState<Record<string, ItemValue>>(base ? valuesOf(base.a) : {});
  const scale = inst.definition.scale;
  const points: number[] = [];
  for (let n = scale.min; n <= scale.max; n++) points.push(n);
  const err = (p: string) => fieldMessage(submit.failure, p);
  const setItem = (code: string, patch: Partial<ItemValue>) =>
    setValues((o) => ({ ...o, [code]: { rating: '', evidence: '', ...o[code], ...patch } }));

  function body(): AssessmentRequest {
    const ratings: Rating[] = [];
    for (const it of items) {
      const v = values[it.code];
      if (!v || (!v.rating && !v.evidence)) continue;
      ratings.push({
        item_code: it.code,
        ...(v.rating === NOT_RATED ? { not_rated: true } : v.rating ? { rating: Number(v.rating) } : {}),
        ...(v.evidence.trim() ? { evidence: v.evidence } : {}),
      });
    }
    return {
      instrument_code: inst.code,
      instrument_version: inst.version,
      occasion,
      assessed_on: assessedOn,
      ratings,
      ...(overall ? { overall: overall as 'low' | 'moderate' | 'high' } : {}),
      ...(rationale.trim() ? { rationale } : {}),
      ...(base?.mode === 'correct' ? { supersedes: base.a.id } : base?.a.supersedes ? { supersedes: base.a.supersedes } : {}),
    };
  }

  async function save(finalise: boolean) {
    onSubmit?.();
    setKept(false);
    let written: Assessment | null = null;
    const created = await submit.run({ ...body() }, async (b, key) => {
      const req = b as unknown as AssessmentRequest;
      const a = draft ? await updateAssessment(caseId, draft.id, req, draft.version) : await createAssessment(caseId, req, key);
      written = a;
      return finalise ? finaliseAssessment(caseId, a.id, a.version) : a;
    });
    if (created) {
      onSaved(finalise ? t('assessments.finalised') : t('assessments.draftSaved'));
    } else if (written) {
      setDraft(written);
      setKept(true);
      onDraftKept?.();
    }
  }
  const [kept, setKept] = useState(false);

  const ratingIndex = (code: string) => body().ratings?.findIndex((r) => r.item_code === code) ?? -1;

  return (
    <form
      className="form"
      noValidate
      aria-labelledby="assessment-form-title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <FormStatus submit={submit} />
      {kept && (
        <p className="notice" role="status" data-testid="draft-kept">
          {t('assessments.draftKept')}
        </p>
      )}
      <Field label={t('assessments.occasion')} error={err('occasion')}>
        {(p) => (
          <select {...p} className="input" value={occasion} onChange={(e) => setOccasion(e.target.value as typeof occasion)}>
            {OCCASIONS.map((o) => (
              <option key={o} value={o}>
                {t(`occasion.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('assessments.date')} error={err('assessed_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={assessedOn} onChange={(e) => setAssessedOn(e.target.value)} />}
      </Field>
      {inst.definition.domains.map((d) => (
        <fieldset key={d.code} className="fieldset">
          <legend>{d.name}</legend>
          {d.items.map((it) => {
            const v = values[it.code] ?? { rating: '', evidence: '' };
            const i = ratingIndex(it.code);
            const at = `ratings[${i}]`;
            const name = `${it.code}${it.text ? ` — ${it.text}` : ''}`;
            return (
              <div key={it.code} className="item">
                <Field
                  label={t('assessments.rating', { item: name })}
                  hint={t(`polarity.${it.polarity}`)}
                  error={(i >= 0 ? err(`${at}.rating`) : undefined) ?? err(`ratings[${it.code}]`)}
                >
                  {(p) => (
                    <select {...p} className="input" value={v.rating} onChange={(e) => setItem(it.code, { rating: e.target.value })}>
                      <option value="">{t('forms.choose')}</option>
                      {points.map((n) => (
                        <option key={n} value={n}>
                          {scale.labels?.[String(n)] ? `${n} — ${scale.labels[String(n)]}` : n}
                        </option>
                      ))}
                      <option value={NOT_RATED}>{t('assessments.notRated')}</option>
                    </select>
                  )}
                </Field>
                <Field label={t('assessments.evidence', { item: it.code })} error={i >= 0 ? err(`${at}.evidence`) : undefined}>
                  {(p) => <textarea {...p} className="input" rows={2} value={v.evidence} onChange={(e) => setItem(it.code, { evidence: e.target.value })} />}
                </Field>
              </div>
            );
          })}
        </fieldset>
      ))}
      <Field label={t('assessments.overall')} hint={t('assessments.overallHint')} error={err('overall')}>
        {(p) => (
          <select {...p} className="input" value={overall} onChange={(e) => setOverall(e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            {['low', 'moderate', 'high'].map((o) => (
              <option key={o} value={o}>
                {t(`overall.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('assessments.rationale')} hint={t('forms.noIdentifiersHint')} error={err('rationale')}>
        {(p) => <textarea {...p} className="input" rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button" aria-disabled={submit.pending || undefined}>
          {t('assessments.saveDraft')}
        </button>
        <ConfirmButton
          className="button button--primary"
          label={t('assessments.saveFinal')}
          question={t('assessments.finaliseQuestion')}
          action={t('confirm.finaliseVerb')}
          disabled={submit.pending}
          onConfirm={() => void save(true)}
        />
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('forms.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
