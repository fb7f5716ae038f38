import { request, requestFull } from './client';
import { query, type Page } from './query';
import type {
  Assessment,
  AssessmentRequest,
  FollowUp,
  FollowUpPoint,
  FollowUpRequest,
  GroupSessionRequest,
  Milestone,
  MilestoneLapseRequest,
  MilestoneRequest,
  NotReachedRequest,
  Plan,
  PlanRequest,
  PracticeEvidence,
  ReintegrationPlan,
  ReintegrationPlanRequest,
  Session,
  SessionRequest,
} from './types';

const c = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;
const idem = (key: string) => ({ 'Idempotency-Key': key });

export const listAssessments = (id: string, signal?: AbortSignal) =>
  request<{ items: Assessment[] }>(`${c(id)}/assessments`, { signal });
export const createAssessment = (id: string, body: AssessmentRequest, key: string) =>
  request<Assessment>(`${c(id)}/assessments`, { method: 'POST', body, headers: idem(key) });
/** The assessment's ETag: its own version, sent back as If-Match (a stale one answers 412). */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
export const updateAssessment = (id: string, aid: string, body: AssessmentRequest, version: number) =>
  request<Assessment>(`${c(id)}/assessments/${encodeURIComponent(aid)}`, { method: 'PUT', body, headers: ifMatch(version) });
export const finaliseAssessment = (id: string, aid: string, version: number) =>
  request<Assessment>(`${c(id)}/assessments/${encodeURIComponent(aid)}/finalise`, {
    method: 'POST',
    headers: ifMatch(version),
  });
/** Sets a draft aside for good (kept on the record, marked discarded, no longer listed). */
export const discardAssessment = (id: string, aid: string, version: number) =>
  request<Assessment>(`${c(id)}/assessments/${encodeURIComponent(aid)}/discard`, {
    method: 'POST',
    headers: ifMatch(version),
  });

export const listPlans = (id: string, signal?: AbortSignal) => request<{ items: Plan[] }>(`${c(id)}/plans`, { signal });
export const createPlan = (id: string, body: PlanRequest, key: string) =>
  request<Plan>(`${c(id)}/plans`, { method: 'POST', body, headers: idem(key) });
export const submitPlan = (pid: string) =>
  request<Plan>(`/api/v1/plans/${encodeURIComponent(pid)}/submit`, { method: 'POST' });

export const listSessions = (id: string, cursor?: string, signal?: AbortSignal) =>
  request<Page<Session>>(`${c(id)}/sessions${query({ cursor })}`, { signal });
export const createSession = (id: string, body: SessionRequest, key: string) =>
  request<Session>(`${c(id)}/sessions`, { method: 'POST', body, headers: idem(key) });

export const listMilestones = (id: string, signal?: AbortSignal) =>
  request<{ items: Milestone[] }>(`${c(id)}/milestones`, { signal });
export const claimMilestone = (id: string, body: MilestoneRequest, key: string) =>
  request<Milestone>(`${c(id)}/milestones`, { method: 'POST', body, headers: idem(key) });
export const lapseMilestone = (id: string, mid: string, body: MilestoneLapseRequest) =>
  request<Milestone>(`${c(id)}/milestones/${encodeURIComponent(mid)}/lapse`, { method: 'POST', body });

export const getReintegrationPlan = (id: string, signal?: AbortSignal) =>
  requestFull<ReintegrationPlan>(`${c(id)}/reintegration-plan`, { signal });
export const putReintegrationPlan = (id: string, etag: string | null, body: ReintegrationPlanRequest) =>
  requestFull<ReintegrationPlan>(`${c(id)}/reintegration-plan`, {
    method: 'PUT',
    body,
    headers: etag ? { 'If-Match': etag } : {},
  });
/** Submits the version the caller holds: a stale ETag answers 412, so nobody submits what they have not seen. */
export const submitReintegrationPlan = (id: string, etag: string) =>
  requestFull<ReintegrationPlan>(`${c(id)}/reintegration-plan/submit`, { method: 'POST', headers: { 'If-Match': etag } });

/** Discards the revision the caller holds; the approved plan kept in force becomes the working copy again. */
export const discardReintegrationRevision = (id: string, etag: string) =>
  requestFull<ReintegrationPlan>(`${c(id)}/reintegration-plan/discard`, { method: 'POST', headers: { 'If-Match': etag } });

export const listFollowUps = (id: string, cursor?: string, signal?: AbortSignal) =>
  request<Page<FollowUp>>(`${c(id)}/follow-ups${query({ cursor })}`, { signal });
export const createFollowUp = (id: string, body: FollowUpRequest, key: string) =>
  request<FollowUp>(`${c(id)}/follow-ups`, { method: 'POST', body, headers: idem(key) });

export const listFollowUpPoints = (id: string, signal?: AbortSignal) =>
  request<{ items: FollowUpPoint[] }>(`${c(id)}/follow-up-points`, { signal });
/** Closes a point as not reached: an update of the case's record, with If-Match. */
export const closeFollowUpPoint = (id: string, pid: string, etag: string, body: NotReachedRequest) =>
  requestFull<FollowUpPoint>(`${c(id)}/follow-up-points/${encodeURIComponent(pid)}/not-reached`, {
    method: 'POST',
    body,
    headers: { 'If-Match': etag },
  });

export const casePractices = (id: string, signal?: AbortSignal) =>
  request<{ items: PracticeEvidence[] }>(`${c(id)}/practices`, { signal });

/** One session for several cases at one facility (POST /sessions). */
export const createGroupSession = (body: GroupSessionRequest, key: string) =>
  request<Session>('/api/v1/sessions', { method: 'POST', body, headers: idem(key) });
