import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { today } from '../../forms/dates';
import { useFormat } from '../../i18n/format';
import { isOverdue } from '../phases';
import { useOrganisation } from '../useOrganisation';
import { useCase } from './CaseContext';

export function CaseHeader() {
  const { t } = useTranslation();
  const { c } = useCase();
  const f = useFormat();
  const org = useOrganisation();
  const managerMember = c.team?.find((m) => m.user_id === c.case_manager_id);
  // People by their display name where one is set (trial 16, M10), else their username.
  const manager = managerMember ? managerMember.display_name || managerMember.username : '—';
  const overdue = isOverdue(c.next_review_date, c.phase, today());
  return (
    <header className="case-header">
      <div className="case-header__title">
        <h1 tabIndex={-1}>
          {t('workspace.title', { pseudonym: c.pseudonym })}
        </h1>
        <Link className="button no-print" to={`/cases/${encodeURIComponent(c.id)}/summary`} data-testid="print-summary">
          {t('summary.action')}
        </Link>
      </div>
      <dl className="facts facts--inline" data-testid="case-facts">
        <div>
          <dt>{t('cases.phase')}</dt>
          <dd data-testid="case-phase">{t(`phase.${c.phase}`)}</dd>
        </div>
        <div>
          <dt>{t('cases.track')}</dt>
          <dd>{t(`track.${c.track}`)}</dd>
        </div>
        <div>
          <dt>{t('cases.facility')}</dt>
          <dd>{org.facilityName(c.facility_id)}</dd>
        </div>
        <div>
          <dt>{t('cases.programme')}</dt>
          <dd>{org.programmeName(c.programme_id)}</dd>
        </div>
        <div>
          <dt>{t('cases.caseManager')}</dt>
          <dd>{manager}</dd>
        </div>
        <div>
          <dt>{t('intake.legalBasis')}</dt>
          <dd>{t(`legalBasis.${c.legal_basis}`)}</dd>
        </div>
        {/* A re-entry shares its pseudonym with the earlier case: each names the other, with
            its dates, and links it when the reader may open it (trial 16, M19). */}
        {(c.related_cases ?? []).map((r) => {
          const text =
            r.relation === 'previous'
              ? r.closed_on
                ? t('cases.previousCaseClosed', { opened: f.date(r.opened_on), closed: f.date(r.closed_on) })
                : t('cases.previousCase', { opened: f.date(r.opened_on) })
              : t('cases.laterCase', { opened: f.date(r.opened_on) });
          return (
            <div key={`${r.relation}-${r.opened_on}-${r.id ?? ''}`} data-testid={`reentry-${r.relation}`}>
              <dt>{t(r.relation === 'previous' ? 'cases.reentry' : 'cases.reEnteredLater')}</dt>
              <dd>
                {r.id ? (
                  <Link to={`/cases/${encodeURIComponent(r.id)}`}>{text}</Link>
                ) : (
                  <>
                    {text} <span className="muted">{t('cases.notYours')}</span>
                  </>
                )}
              </dd>
            </div>
          );
        })}
        {c.previous_case_id && !c.related_cases?.some((r) => r.relation === 'previous') && (
          <div>
            <dt>{t('cases.reentry')}</dt>
            <dd>
              <Link to={`/cases/${encodeURIComponent(c.previous_case_id)}`}>{t('cases.previousEpisode')}</Link>
            </dd>
          </div>
        )}
        {c.overdue_follow_ups > 0 && (
          <div>
            <dt>{t('cases.followUps')}</dt>
            <dd className="overdue">
              <Link to={`/cases/${encodeURIComponent(c.id)}/follow-ups`}>{t('cases.followUpsOverdue', { count: c.overdue_follow_ups })}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('cases.nextReview')}</dt>
          <dd className={overdue ? 'overdue' : undefined}>
            {c.next_review_date ? f.date(c.next_review_date) : '—'}
            {overdue && <span className="badge badge--warn"> {t('cases.overdue')}</span>}
          </dd>
        </div>
      </dl>
    </header>
  );
}
