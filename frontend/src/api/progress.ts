import { request } from './client';
import type { components } from './schema';

type S = components['schemas'];
export type CaseProgress = S['CaseProgress'];
export type RiskPoint = S['RiskPoint'];
export type ProgressMonth = S['ProgressMonth'];
export type ProgressMilestone = S['ProgressMilestone'];

/** A case's progress at a glance: one read, one audit event. */
export const getCaseProgress = (id: string, signal?: AbortSignal) =>
  request<CaseProgress>(`/api/v1/cases/${encodeURIComponent(id)}/progress`, { signal });
