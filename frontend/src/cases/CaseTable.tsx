import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSort } from '../api/cases';
import type { Case } from '../api/types';
import { useFormat } from '../i18n/format';
import type { useOrganisation } from './useOrganisation';

/** A case as the caseload lists it: the API adds the case manager and the next due date. */
type ListedCase = Case & { case_manager?: string | null; case_manager_name?: string | null; next_due_on?: string | null; next_due_kind?: 'review' | 'follow_up' | null };

export interface SortState {
  sort?: CaseSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/** The caseload table. With onSort, the pseudonym, phase, case manager and next due headers
 * sort the list (on the server, so every page follows the order); the table scrolls inside its
 * own box on a narrow screen instead of widening the page. */
export function CaseTable({
  cases,
  org,
  today,
  caption,
  sort,
  onSort,
}: {
  cases: ListedCase[];
  org: ReturnType<typeof useOrganisation>;
  today: string;
  caption: string;
  sort?: SortState;
  onSort?(s: SortState): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const head = (key: CaseSort, label: string) => {
    if (!onSort) return <th scope="col">{label}</th>;
    const active = sort?.sort === key;
    const order = active ? (sort?.order ?? 'asc') : undefined;
    const next = active && order === 'asc' ? 'desc' : 'asc';
    return (
      <th scope="col" aria-sort={order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : 'none'}>
        <button type="button" className="sort-button" onClick={() => onSort({ sort: key, order: next })}>
          {label}
          <span aria-hidden="true">{order === 'asc' ? ' ▲' : order === 'desc' ? ' ▼' : ' ↕'}</span>
          <span className="visually-hidden">{t(next === 'asc' ? 'cases.sortAsc' : 'cases.sortDesc')}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="table" data-testid="case-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head('pseudonym', t('cases.pseudonym'))}
            {head('phase', t('cases.phase'))}
            {head('case_manager', t('cases.caseManager'))}
            {head('next_due', t('cases.nextDue'))}
            <th scope="col">{t('cases.facility')}</th>
            <th scope="col">{t('cases.programme')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => {
            const due = c.next_due_on ?? (c.phase !== 'closed' ? c.next_review_date : null);
            const kind = c.next_due_kind ?? (due ? 'review' : null);
            const overdue = !!due && due < today;
            return (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/cases/${c.id}`}>{c.pseudonym}</Link>
                  {c.re_entry && <span className="badge"> {t('cases.badgeReentry')}</span>}
                  {c.re_entered && <span className="badge"> {t('cases.badgeReEntered')}</span>}
                  {c.overdue_follow_ups > 0 && (
                    <span className="badge badge--warn"> {t('cases.followUpsOverdue', { count: c.overdue_follow_ups })}</span>
                  )}
                </th>
                <td>{t(`phase.${c.phase}`)}</td>
                <td>{c.case_manager_name || c.case_manager || '—'}</td>
                <td className={overdue ? 'overdue' : undefined}>
                  {due ? (
                    <>
                      {f.date(due)} <span className="muted">({t(`cases.due.${kind}`)})</span>
                      {overdue && <span className="badge badge--warn"> {t('cases.overdue')}</span>}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{org.facilityName(c.facility_id)}</td>
                <td>{org.programmeName(c.programme_id)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
