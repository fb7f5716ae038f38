import { request, requestFull } from './client';
import type {
  AdminDecisionResult,
  AdminRequest,
  AdminUser,
  Facility,
  FacilityPatch,
  FacilityRequest,
  Membership,
  MembershipRequest,
  NewUserRequest,
  Programme,
  ProgrammePatch,
  ProgrammeRequest,
  Token,
  TokenOffer,
  TokenRequest,
  UserUpdateRequest,
} from './types';

/** An administrative change either happens at once, or becomes a request a second
 * administrator must approve (the server answers 202 with the request). */
export type Outcome<T> = { done: T; pending?: undefined } | { done?: undefined; pending: AdminRequest };

async function outcome<T>(path: string, method: string, body?: unknown): Promise<Outcome<T>> {
  const a = await requestFull<T | AdminRequest>(path, { method, body });
  return a.status === 202 ? { pending: a.data as AdminRequest } : { done: a.data as T };
}

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export type CreatedUser = AdminUser & { setup_code: string; setup_code_expires_at: string };
export interface ResetCode {
  user_id: string;
  code: string;
  expires_at: string;
}

export const listUsers = (signal?: AbortSignal) => request<{ items: AdminUser[] }>('/api/v1/users', { signal });
export const createUser = (body: NewUserRequest) => request<CreatedUser>('/api/v1/users', { method: 'POST', body });
export const updateUser = (id: string, body: UserUpdateRequest) => outcome<AdminUser>(userPath(id), 'PATCH', body);
export const resetPassword = (id: string) => outcome<ResetCode>(`${userPath(id)}/password-reset`, 'POST');
export const addMembership = (id: string, body: MembershipRequest) => outcome<Membership>(`${userPath(id)}/memberships`, 'POST', body);
export const removeMembership = (id: string, mid: string) =>
  outcome<void>(`${userPath(id)}/memberships/${encodeURIComponent(mid)}`, 'DELETE');

export const listCountries = (signal?: AbortSignal) =>
  request<{ items: { code: string; name: string }[] }>('/api/v1/countries', { signal });
export const createFacility = (body: FacilityRequest) =>
  request<Facility>('/api/v1/facilities', { method: 'POST', body });
export const createProgramme = (body: ProgrammeRequest) =>
  request<Programme>('/api/v1/programmes', { method: 'POST', body });
/** Every facility and programme in the administrator's scope, retired ones included. */
export const listFacilitiesAll = (signal?: AbortSignal) =>
  request<{ items: Facility[] }>('/api/v1/facilities?include_retired=true', { signal });
export const listProgrammesAll = (signal?: AbortSignal) =>
  request<{ items: Programme[] }>('/api/v1/programmes?include_retired=true', { signal });
export const updateFacility = (id: string, body: FacilityPatch) =>
  request<Facility>(`/api/v1/facilities/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const updateProgramme = (id: string, body: ProgrammePatch) =>
  request<Programme>(`/api/v1/programmes/${encodeURIComponent(id)}`, { method: 'PATCH', body });

export type IssuedToken = Token & { token: string };
/** The tokens in scope, and the roles (with scope kinds and routes) the caller may issue one for. */
export const listTokens = (signal?: AbortSignal) => request<{ items: Token[]; issuable: TokenOffer[] }>('/api/v1/tokens', { signal });
export const createToken = (body: TokenRequest) => outcome<IssuedToken>('/api/v1/tokens', 'POST', body);
export const revokeToken = (id: string) => request<void>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listAdminRequests = (signal?: AbortSignal) => request<{ items: AdminRequest[] }>('/api/v1/admin-requests', { signal });
export const decideAdminRequest = (id: string, approve: boolean, comment: string) =>
  request<AdminDecisionResult>(`/api/v1/admin-requests/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, {
    method: 'POST',
    body: comment ? { comment } : {},
  });
