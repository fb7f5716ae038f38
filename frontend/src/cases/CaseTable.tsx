import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Case } from '../api/types';
import { isOverdue } from './phases';
import type { useOrganisation } from './useOrganisation';

export function CaseTable({
  cases,
  org,
  today,
  caption,
}: {
  cases: Case[];
  org: ReturnType<typeof useOrganisation>;
  today: string;
  caption: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="table" data-testid="case-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('cases.pseudonym')}</th>
          <th scope="col">{t('cases.phase')}</th>
          <th scope="col">{t('cases.facility')}</th>
          <th scope="col">{t('cases.nextReview')}</th>
          <th scope="col">{t('cases.programme')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => {
          const overdue = isOverdue(c.next_review_date, c.phase, today);
          return (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/cases/${c.id}`}>{c.pseudonym}</Link>
                {c.overdue_follow_ups > 0 && (
                  <span className="badge badge--warn"> {t('cases.followUpsOverdue', { count: c.overdue_follow_ups })}</span>
                )}
              </th>
              <td>{t(`phase.${c.phase}`)}</td>
              <td>{org.facilityName(c.facility_id)}</td>
              <td className={overdue ? 'overdue' : undefined}>
                {c.next_review_date ?? '—'}
                {overdue && <span className="badge badge--warn"> {t('cases.overdue')}</span>}
              </td>
              <td>{org.programmeName(c.programme_id)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
