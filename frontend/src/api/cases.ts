import { request, requestFull, type Answer } from './client';
import { newIdempotencyKey, query, type Page } from './query';
import type { Approval, Case, CaseEvent, Discipline, Phase, PhaseChange, StaffMember } from './types';

const base = '/api/v1/cases';
const caseUrl = (id: string) => `${base}/${encodeURIComponent(id)}`;

export interface CaseFilters {
  phase?: string;
  facility_id?: string;
  programme_id?: string;
  overdue?: 'true' | '';
}

export function listCases(f: CaseFilters & { cursor?: string; limit?: number }, signal?: AbortSignal) {
  return request<Page<Case>>(base + query({ ...f }), { signal });
}

export interface IntakeRequest {
  programme_id: string;
  facility_id: string;
  track: 'custodial' | 'non_custodial';
  participant: {
    birth_year: number;
    gender: string;
    nationality: string;
    categories: string[];
    external_ref?: string;
  };
  offence_category?: string;
  consent_given: boolean;
  consent_date: string;
  expected_release_date?: string;
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

export interface TransitionRequest {
  to: Phase;
  reason?: string;
  closure_reason?: string;
}

export function requestTransition(id: string, etag: string, body: TransitionRequest, key = newIdempotencyKey()) {
  return requestFull<PhaseChange>(`${caseUrl(id)}/transitions`, {
    method: 'POST',
    body,
    headers: { 'If-Match': etag, 'Idempotency-Key': key },
  });
}

export interface TeamRequest {
  case_manager_id: string;
  members: { user_id: string; discipline: Discipline }[];
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
export interface CaseUpdate {
  expected_release_date?: string | null;
  actual_release_date?: string | null;
  release_type?: 'end_of_sentence' | 'parole' | 'conditional' | 'court_order' | 'other' | null;
  offence_category?: string | null;
  facility_id?: string;
}

export function updateCase(id: string, etag: string, body: CaseUpdate) {
  return requestFull<Case>(caseUrl(id), { method: 'PATCH', body, headers: { 'If-Match': etag } });
}

/** Staff a supervisor may put on a case team at a facility. */
export function listStaff(facilityId: string, signal?: AbortSignal) {
  return request<{ items: StaffMember[] }>(`/api/v1/staff${query({ facility_id: facilityId })}`, { signal });
}
