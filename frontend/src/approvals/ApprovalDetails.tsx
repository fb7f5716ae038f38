import { useTranslation } from 'react-i18next';
import type { Approval } from '../api/types';
import { useFormat } from '../i18n/format';
import { compareGoals, type GoalComparison, type GoalField } from './goalChanges';

type PlanWire = NonNullable<Approval['plan']>;
type GroundWire = NonNullable<Approval['grounds']>[number];
type GoalWire = PlanWire['goals'][number];

/** What a request asks a supervisor to decide, read-only: the phase change's reason, the
 * milestone's date and evidence, the plan's goals marked where they differ from the version
 * in force, the reintegration plan's arrangements. Text typed by staff is isolated (dir=auto),
 * since it may be in another script than the interface. */
export function ApprovalDetails({
  approval: a,
  interventionName,
  needName,
}: {
  approval: Approval;
  interventionName(code: string): string;
  needName(code: string): string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  switch (a.kind) {
    case 'transition':
      return (
        <dl className="facts">
          {a.closure_reason && (
            <div>
              <dt>{t('approvals.closureReason')}</dt>
              <dd>{t(`closure.${a.closure_reason}`, { defaultValue: a.closure_reason })}</dd>
            </div>
          )}
          <div>
            <dt>{t('approvals.reason')}</dt>
            <dd dir="auto" className="prose">
              {a.reason ? a.reason : <span className="muted">{t('approvals.noReason')}</span>}
            </dd>
          </div>
          {a.grounds && a.grounds.length > 0 && (
            <div>
              <dt>{t('approvals.grounds')}</dt>
              <dd>
                <ul className="grounds" data-testid="grounds">
                  {a.grounds.map((g) => (
                    <Ground key={g.fact} ground={g} />
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      );
    case 'milestone':
      return (
        <dl className="facts">
          <div>
            <dt>{t('approvals.achievedOn')}</dt>
            <dd>{f.date(a.achieved_on)}</dd>
          </div>
          <div>
            <dt>{t('approvals.evidence')}</dt>
            <dd dir="auto" className="prose">
              {a.evidence ? a.evidence : <span className="muted">{t('approvals.noEvidence')}</span>}
            </dd>
          </div>
        </dl>
      );
    case 'plan':
      return a.plan ? <PlanDetails plan={a.plan} inForce={a.plan_in_force} interventionName={interventionName} needName={needName} /> : null;
    case 'reintegration_plan': {
      const r = a.reintegration_plan;
      if (!r) return null;
      return (
        <>
          <dl className="facts">
            <div>
              <dt>{t('approvals.plannedRelease')}</dt>
              <dd>{r.planned_release ? f.date(r.planned_release) : t('approvals.notGiven')}</dd>
            </div>
            <div>
              <dt>{t('approvals.releaseType')}</dt>
              <dd>{r.release_type ? t(`releaseType.${r.release_type}`, { defaultValue: r.release_type }) : t('approvals.notGiven')}</dd>
            </div>
            <div>
              <dt>{t('approvals.agency')}</dt>
              <dd dir="auto">{r.supervising_agency || t('approvals.notGiven')}</dd>
            </div>
          </dl>
          <h3 className="queue__sub">{t('approvals.items')}</h3>
          <ul className="goal-list">
            {r.items.map((i) => (
              <li key={i.area}>
                <strong>{t(`area.${i.area}`)}</strong>: {t(`itemStatus.${i.status}`)}
                {i.description && (
                  <p dir="auto" className="prose">
                    {i.description}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      );
    }
    default:
      return null;
  }
}

function PlanDetails({
  plan,
  inForce,
  interventionName,
  needName,
}: {
  plan: PlanWire;
  inForce: Approval['plan_in_force'];
  interventionName(code: string): string;
  needName(code: string): string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { goals, dropped } = compareGoals(plan.goals, inForce?.goals ?? []);
  return (
    <>
      <p>{inForce ? t('approvals.inForce', { version: f.number(inForce.version, 0) }) : t('approvals.noneInForce')}</p>
      {plan.summary && (
        <dl className="facts">
          <div>
            <dt>{t('approvals.summary')}</dt>
            <dd dir="auto" className="prose">
              {plan.summary}
            </dd>
          </div>
        </dl>
      )}
      <h3 className="queue__sub">{t('approvals.goals', { count: plan.goals.length })}</h3>
      <ol className="goal-list">
        {goals.map((c, i) => (
          <li key={i}>
            <Goal goal={c.goal} interventionName={interventionName} needName={needName} />
            {inForce && c.state === 'new' && <span className="badge">{t('approvals.goalNew', { version: f.number(inForce.version, 0) })}</span>}
            {inForce && c.state === 'changed' && (
              <GoalChanges change={c} version={inForce.version} interventionName={interventionName} needName={needName} />
            )}
          </li>
        ))}
      </ol>
      {inForce && dropped.length > 0 && (
        <>
          <h3 className="queue__sub">{t('approvals.dropped', { version: f.number(inForce.version, 0) })}</h3>
          <ul className="goal-list goal-list--dropped">
            {dropped.map((g, i) => (
              <li key={i}>
                <Goal goal={g} interventionName={interventionName} needName={needName} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Goal({ goal: g, interventionName, needName }: { goal: GoalWire; interventionName(code: string): string; needName(code: string): string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p dir="auto" className="prose">
        {g.description}
      </p>
      <p className="muted">
        <bdi>{t('approvals.goalNeed', { need: needName(g.need) ? `${g.need} (${needName(g.need)})` : g.need })}</bdi>
        {g.interventions.length > 0 && <> · {t('approvals.goalInterventions', { list: g.interventions.map(interventionName).join(', ') })}</>}
        {g.responsible && <> · {t('approvals.goalResponsible', { name: g.responsible })}</>}
        {g.target_date && <> · {t('approvals.goalTarget', { date: f.date(g.target_date) })}</>}
      </p>
    </>
  );
}

const CHANGE_LABEL: Record<Exclude<GoalField, 'description'>, string> = {
  need: 'approvals.changedNeed',
  interventions: 'approvals.changedInterventions',
  responsible: 'approvals.changedResponsible',
  target_date: 'approvals.changedTarget',
};

/** What changed on a goal since the version in force, field by field, as "before → after", so a
 * supervisor sees a deadline that slipped or a person who changed without comparing by eye. */
function GoalChanges({
  change: c,
  version,
  interventionName,
  needName,
}: {
  change: Extract<GoalComparison, { state: 'changed' }>;
  version: number;
  interventionName(code: string): string;
  needName(code: string): string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const shown = (g: GoalWire, field: Exclude<GoalField, 'description'>): string => {
    switch (field) {
      case 'need':
        return needName(g.need) ? `${g.need} (${needName(g.need)})` : g.need;
      case 'interventions':
        return g.interventions.length > 0 ? g.interventions.map(interventionName).join(', ') : t('approvals.notGiven');
      case 'responsible':
        return g.responsible || t('approvals.notGiven');
      case 'target_date':
        return g.target_date ? f.date(g.target_date) : t('approvals.notGiven');
    }
  };
  return (
    <>
      <span className="badge">{t('approvals.goalChanged', { version: f.number(version, 0) })}</span>
      <ul className="goal-changes" aria-label={t('approvals.whatChanged', { version: f.number(version, 0) })}>
        {c.fields.map((field) =>
          field === 'description' ? (
            <li key={field}>
              {t('approvals.changedText', { version: f.number(version, 0) })}{' '}
              <span dir="auto" className="prose">
                {c.was.description}
              </span>
            </li>
          ) : (
            <li key={field}>
              <bdi>{t(CHANGE_LABEL[field], { from: shown(c.was, field), to: shown(c.goal, field) })}</bdi>
            </li>
          ),
        )}
      </ul>
    </>
  );
}

/** One fact the phase change's guard checks, as it stands now. One that no longer holds is
 * marked in words (not by colour alone): the decision checks it again and would be refused. */
function Ground({ ground: g }: { ground: GroundWire }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = t(`approvals.ground.${g.fact}.${g.met ? 'met' : 'unmet'}`, { date: g.on ? f.date(g.on) : '—', version: g.version != null ? f.number(g.version, 0) : '' });
  return g.met ? (
    <li>{text}</li>
  ) : (
    <li className="grounds__unmet">
      <strong>{t('approvals.groundNotMet')}</strong> {text}
    </li>
  );
}
