import type { Approval } from '../api/types';

/** One goal of a plan as the approvals queue carries it. */
export type PlanGoal = NonNullable<Approval['plan']>['goals'][number];

/** A field of a goal a supervisor must see changed. */
export type GoalField = 'need' | 'description' | 'interventions' | 'responsible' | 'target_date';

/** How one goal of the requested version stands against the version in force: unchanged, new,
 * or changed, with the in-force goal it replaces and the fields that differ. */
export type GoalComparison =
  | { goal: PlanGoal; state: 'same' }
  | { goal: PlanGoal; state: 'new' }
  | { goal: PlanGoal; state: 'changed'; was: PlanGoal; fields: GoalField[] };

const FIELDS: GoalField[] = ['need', 'description', 'interventions', 'responsible', 'target_date'];

// Interventions are a set: their order on the form says nothing.
const value = (g: PlanGoal, f: GoalField): string => {
  switch (f) {
    case 'interventions':
      return [...g.interventions].sort().join('\u0000');
    case 'responsible':
      return g.responsible ?? '';
    case 'target_date':
      return g.target_date ?? '';
    default:
      return g[f];
  }
};

/** The fields in which two goals differ, in the order a goal is read. */
export const differingFields = (a: PlanGoal, b: PlanGoal): GoalField[] => FIELDS.filter((f) => value(a, f) !== value(b, f));

/** Pairs each goal of the requested version with a goal of the version in force. Goals carry no
 * identity across versions, so a goal is paired, in this order, with an identical one, then one
 * with the same text, then one with the same assessed need (each in-force goal at most once, in
 * plan order). A paired goal that differs in any field is "changed" and names the fields; an
 * unpaired one is "new"; in-force goals left unpaired were dropped. Every field counts: a goal
 * whose target date moved is changed, not the same. */
export function compareGoals(now: PlanGoal[], inForce: PlanGoal[]): { goals: GoalComparison[]; dropped: PlanGoal[] } {
  const pairedWith: (number | undefined)[] = now.map(() => undefined);
  const taken = new Set<number>();
  const passes: ((a: PlanGoal, b: PlanGoal) => boolean)[] = [
    (a, b) => differingFields(a, b).length === 0,
    (a, b) => a.description === b.description,
    (a, b) => a.need === b.need,
  ];
  for (const same of passes) {
    now.forEach((g, i) => {
      if (pairedWith[i] !== undefined) return;
      const j = inForce.findIndex((old, k) => !taken.has(k) && same(g, old));
      if (j >= 0) {
        pairedWith[i] = j;
        taken.add(j);
      }
    });
  }
  const goals = now.map((goal, i): GoalComparison => {
    const j = pairedWith[i];
    if (j === undefined) return { goal, state: 'new' };
    const was = inForce[j]!;
    const fields = differingFields(goal, was);
    return fields.length === 0 ? { goal, state: 'same' } : { goal, state: 'changed', was, fields };
  });
  return { goals, dropped: inForce.filter((_, k) => !taken.has(k)) };
}
