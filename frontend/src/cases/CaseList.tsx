import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listCases, type CaseFilters } from '../api/cases';
import { ApiError } from '../api/client';
import { useUser } from '../auth/AuthContext';
import { can } from '../auth/permissions';
import { today } from '../forms/dates';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadMore } from '../ui/LoadMore';
import { LoadState } from '../ui/LoadState';
import { usePaged } from '../ui/usePaged';
import { CaseFilterBar } from './CaseFilterBar';
import { CaseSearch } from './CaseSearch';
import { CaseTable } from './CaseTable';
import { useOrganisation } from './useOrganisation';

/** The caseload: a practitioner's own cases, a supervisor's whole scope. */
export function CaseList() {
  const { t } = useTranslation();
  const user = useUser();
  useDocumentTitle(t('nav.caseload'));
  const org = useOrganisation();
  const [filters, setFilters] = useState<CaseFilters>({});
  const list = usePaged((cursor, signal) => listCases({ ...filters, cursor }, signal), JSON.stringify(filters));
  // A search the server cannot read as part of a pseudonym is said at the search field.
  const searchInvalid = list.error instanceof ApiError && list.error.status === 422 && list.error.fieldErrors.some((e) => e.field === 'q');
  return (
    <div className="page">
      <div className="page__head">
        <h1 tabIndex={-1}>{t('nav.caseload')}</h1>
        {can(user, 'cases:write') && (
          <Link className="button button--primary" to="/cases/new">
            {t('cases.newIntake')}
          </Link>
        )}
      </div>
      <CaseSearch value={filters.q} onSearch={(q) => setFilters({ ...filters, q })} invalid={searchInvalid} />
      <CaseFilterBar value={filters} onChange={setFilters} org={org} />
      <p role="status" className="list-count">
        {list.loading ? '' : filters.q ? t('cases.found', { count: list.items.length }) : t('cases.shown', { count: list.items.length })}
      </p>
      {list.items.length > 0 ? (
        <CaseTable
          cases={list.items}
          org={org}
          today={today()}
          caption={t('cases.tableCaption')}
          sort={{ sort: filters.sort, order: filters.order }}
          onSort={(s) => setFilters({ ...filters, sort: s.sort, order: s.order })}
        />
      ) : (
        !list.loading && !list.error && <p>{t('cases.none')}</p>
      )}
      <LoadState loading={list.loading && list.items.length === 0} error={searchInvalid ? null : list.error} onRetry={list.reload} />
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}
