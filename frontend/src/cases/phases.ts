import type { Phase } from '../api/types';

export const PHASES: readonly Phase[] = ['intake', 'assessment', 'intervention', 'pre_release', 'reintegration', 'closed'];

/** Where a case may go from each phase (domain/lifecycle.go; the server checks for real). */
export const NEXT: Record<Phase, Phase[]> = {
  intake: ['assessment', 'closed'],
  assessment: ['intervention', 'closed'],
  intervention: ['pre_release', 'closed'],
  pre_release: ['reintegration', 'intervention', 'closed'],
  reintegration: ['intervention', 'closed'],
  closed: [],
};

/** A review date in the past on an open case is overdue. */
export function isOverdue(next: string | null, phase: Phase, today: string): boolean {
  return !!next && phase !== 'closed' && next < today;
}
