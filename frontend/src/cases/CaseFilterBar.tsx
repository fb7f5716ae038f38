import { useTranslation } from 'react-i18next';
import type { CaseFilters } from '../api/cases';
import { Field } from '../forms/Field';
import { PHASES } from './phases';
import type { useOrganisation } from './useOrganisation';

/** Filters apply as soon as they change; the list above announces its new count. Facilities
 * and programmes are only those where the caller works: no case elsewhere is theirs to see, so
 * any other choice could only answer an empty list. */
export function CaseFilterBar({
  value,
  onChange,
  org,
}: {
  value: CaseFilters;
  onChange(f: CaseFilters): void;
  org: ReturnType<typeof useOrganisation>;
}) {
  const { t } = useTranslation();
  const set = (k: keyof CaseFilters) => (v: string) => onChange({ ...value, [k]: v || undefined });
  return (
    <form className="filters" role="search" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
      <Field label={t('cases.phase')}>
        {(p) => (
          <select {...p} className="input" value={value.phase ?? ''} onChange={(e) => set('phase')(e.target.value)}>
            <option value="">{t('filters.any')}</option>
            {PHASES.map((ph) => (
              <option key={ph} value={ph}>
                {t(`phase.${ph}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('cases.facility')}>
        {(p) => (
          <select {...p} className="input" value={value.facility_id ?? ''} onChange={(e) => set('facility_id')(e.target.value)}>
            <option value="">{t('filters.any')}</option>
            {org.myFacilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('cases.programme')}>
        {(p) => (
          <select {...p} className="input" value={value.programme_id ?? ''} onChange={(e) => set('programme_id')(e.target.value)}>
            <option value="">{t('filters.any')}</option>
            {org.myProgrammes.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="checkbox">
        <input
          id="filter-overdue"
          type="checkbox"
          checked={value.overdue === 'true'}
          onChange={(e) => onChange({ ...value, overdue: e.target.checked ? 'true' : undefined })}
        />
        <label htmlFor="filter-overdue">{t('cases.overdueOnly')}</label>
      </div>
      <div className="checkbox">
        <input
          id="filter-follow-up-overdue"
          type="checkbox"
          checked={value.follow_up_overdue === 'true'}
          onChange={(e) => onChange({ ...value, follow_up_overdue: e.target.checked ? 'true' : undefined })}
        />
        <label htmlFor="filter-follow-up-overdue">{t('cases.followUpOverdueOnly')}</label>
      </div>
    </form>
  );
}
