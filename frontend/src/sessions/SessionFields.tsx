import { useTranslation } from 'react-i18next';
import { useLabels } from '../i18n/labels';
import { Field } from '../forms/Field';
import type { fieldMessage } from '../forms/problems';
import { asciiDigits } from '../forms/numbers';

/** What every session has, whether recorded for one case or for a group. */
export type SessionBasics = { intervention_type: string; held_on: string; minutes: string; format: string };

/** The fields a session for one case and a group session share: type, date, minutes, format.
 * One component, so the two forms cannot drift apart. */
export function SessionFields({
  v,
  set,
  err,
  types,
  formats,
}: {
  v: SessionBasics;
  set: (k: keyof SessionBasics) => (x: string) => void;
  err: (path: string) => ReturnType<typeof fieldMessage>;
  types: { code: string; name: string }[];
  formats: string[];
}) {
  const { t } = useTranslation();
  const { label } = useLabels();
  return (
    <>
      <Field label={t('sessions.type')} error={err('intervention_type')}>
        {(p) => (
          <select {...p} className="input" value={v.intervention_type} onChange={(e) => set('intervention_type')(e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            {types.map((x) => (
              <option key={x.code} value={x.code}>
                {label('interventionType', x.code, x.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('sessions.date')} error={err('held_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.held_on} onChange={(e) => set('held_on')(e.target.value)} />}
      </Field>
      <Field label={t('sessions.minutes')} error={err('minutes')}>
        {(p) => (
          <input {...p} className="input input--short" inputMode="numeric" value={v.minutes} onChange={(e) => set('minutes')(asciiDigits(e.target.value))} />
        )}
      </Field>
      <Field label={t('sessions.format')} error={err('format')}>
        {(p) => (
          <select {...p} className="input" value={v.format} onChange={(e) => set('format')(e.target.value)}>
            {formats.map((x) => (
              <option key={x} value={x}>
                {t(`format.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
