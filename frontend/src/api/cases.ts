import { request, requestFull, type Answer } from './client';
import { newIdempotencyKey, query, type Page } from './query';
import type {
  Approval,
  Case,
  CaseEvent,
  CaseUpdateRequest,
  ConsentWithdrawalRequest,
  IntakeRequest,
  ParticipantLookupRequest,
  ParticipantMatch,
  PhaseChange,
  Release,
  ReleaseRequest,
  ReleaseUpdateRequest,
  StaffMember,
  TeamRequest,
  Transfer,
  TransferAcceptRequest,
  TransferRequest,
  TransitionRequest,
} from './types';

const base = '/api/v1/cases';
const caseUrl = (id: string) => `${base}/${encodeURIComponent(id)}`;

export interface CaseFilters {
  phase?: string;
  facility_id?: string;
  programme_id?: string;
  overdue?: 'true' | '';
  follow_up_overdue?: 'true' | '';
  /** Part of a pseudonym as typed; the server tolerates case, separators and the check character. */
  q?: string;
  sort?: CaseSort;
  order?: 'asc' | 'desc';
}

/** The orders the caseload can be sorted in (default: newest first). */
export type CaseSort = 'pseudonym' | 'phase' | 'case_manager' | 'next_due';

export function listCases(f: CaseFilters & { cursor?: string; limit?: number }, signal?: AbortSignal) {
  return request<Page<Case>>(base + query({ ...f }), { signal });
}

export function createCase(body: IntakeRequest, key = newIdempotencyKey()) {
  return request<Case>(base, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
}

export function getCase(id: string, signal?: AbortSignal): Promise<Answer<Case>> {
  return requestFull<Case>(caseUrl(id), { signal });
}

export function timeline(id: string, cursor?: string, signal?: AbortSignal) {
  return request<Page<CaseEvent>>(`${caseUrl(id)}/timeline${query({ cursor })}`, { signal });
}

export function listTransitions(id: string, signal?: AbortSignal) {
  return request<{ items: PhaseChange[] }>(`${caseUrl(id)}/transitions`, { signal });
}

export function requestTransition(id: string, etag: string, body: TransitionRequest, key = newIdempotencyKey()) {
  return requestFull<PhaseChange>(`${caseUrl(id)}/transitions`, {
    method: 'POST',
    body,
    headers: { 'If-Match': etag, 'Idempotency-Key': key },
  });
}

export function setTeam(id: string, etag: string, body: TeamRequest) {
  return requestFull<Case>(`${caseUrl(id)}/team`, { method: 'PUT', body, headers: { 'If-Match': etag } });
}

export function listApprovals(kind: string, cursor?: string, signal?: AbortSignal) {
  return request<Page<Approval>>(`/api/v1/approvals${query({ kind, cursor })}`, { signal });
}

export function decide(id: string, decision: 'approve' | 'reject', comment: string, key = newIdempotencyKey()) {
  return request<Approval>(`/api/v1/approvals/${encodeURIComponent(id)}/${decision}`, {
    method: 'POST',
    body: comment ? { comment } : decision === 'approve' ? {} : { comment },
    headers: { 'Idempotency-Key': key },
  });
}

/** PATCH /cases/{id}: a field left out stays, null clears it. */
export function updateCase(id: string, etag: string, body: CaseUpdateRequest) {
  return requestFull<Case>(caseUrl(id), { method: 'PATCH', body, headers: { 'If-Match': etag } });
}

/** Staff a supervisor may put on a case team at a facility. */
export function listStaff(facilityId: string, signal?: AbortSignal) {
  return request<{ items: StaffMember[] }>(`/api/v1/staff${query({ facility_id: facilityId })}`, { signal });
}

/** The case's releases, the first first, with their recalls. */
export function listReleases(id: string, signal?: AbortSignal) {
  return request<{ items: Release[] }>(`${caseUrl(id)}/releases`, { signal });
}

/** Records a release (pre-release): changes the case, so it carries If-Match. */
export function createRelease(id: string, etag: string, body: ReleaseRequest, key = newIdempotencyKey()) {
  return requestFull<Release>(`${caseUrl(id)}/releases`, { method: 'POST', body, headers: { 'If-Match': etag, 'Idempotency-Key': key } });
}

export function updateRelease(id: string, rid: string, etag: string, body: ReleaseUpdateRequest) {
  return requestFull<Release>(`${caseUrl(id)}/releases/${encodeURIComponent(rid)}`, { method: 'PATCH', body, headers: { 'If-Match': etag } });
}

export function listCaseTransfers(id: string, signal?: AbortSignal) {
  return request<{ items: Transfer[] }>(`${caseUrl(id)}/transfers`, { signal });
}

export function requestTransfer(id: string, etag: string, body: TransferRequest, key = newIdempotencyKey()) {
  return requestFull<Transfer>(`${caseUrl(id)}/transfers`, { method: 'POST', body, headers: { 'If-Match': etag, 'Idempotency-Key': key } });
}

/** Transfers waiting for the caller's facilities (incoming) or of cases the caller sees (outgoing). */
export function listTransfers(direction: 'incoming' | 'outgoing', cursor?: string, signal?: AbortSignal) {
  return request<Page<Transfer>>(`/api/v1/transfers${query({ direction, cursor })}`, { signal });
}

export function acceptTransfer(tid: string, body: TransferAcceptRequest, key = newIdempotencyKey()) {
  return request<Transfer>(`/api/v1/transfers/${encodeURIComponent(tid)}/accept`, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
}

export function declineTransfer(tid: string, comment: string, key = newIdempotencyKey()) {
  return request<Transfer>(`/api/v1/transfers/${encodeURIComponent(tid)}/decline`, {
    method: 'POST',
    body: { comment },
    headers: { 'Idempotency-Key': key },
  });
}

export function withdrawConsent(id: string, etag: string, body: ConsentWithdrawalRequest, key = newIdempotencyKey()) {
  return requestFull<{ case: Case; closure_request: PhaseChange | null }>(`${caseUrl(id)}/consent-withdrawal`, {
    method: 'POST',
    body,
    headers: { 'If-Match': etag, 'Idempotency-Key': key },
  });
}

/** Finds a participant already known in the caller's scope, by external reference or
 * pseudonym. The reference goes in the body, never in the address. */
export function lookupParticipants(body: ParticipantLookupRequest) {
  return request<{ items: ParticipantMatch[] }>('/api/v1/participants/lookup', { method: 'POST', body });
}
