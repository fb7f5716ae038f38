import { request } from './client';
import type { AdminUser, Facility, Membership, MembershipRequest, Programme } from './types';

export const listUsers = (signal?: AbortSignal) => request<{ items: AdminUser[] }>('/api/v1/users', { signal });
export const createUser = (body: { username: string; display_name?: string; password: string }) =>
  request<AdminUser>('/api/v1/users', { method: 'POST', body });
export const updateUser = (id: string, body: { disabled?: boolean; display_name?: string }) =>
  request<AdminUser>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const addMembership = (id: string, body: MembershipRequest) =>
  request<Membership>(`/api/v1/users/${encodeURIComponent(id)}/memberships`, { method: 'POST', body });
export const removeMembership = (id: string, mid: string) =>
  request<void>(`/api/v1/users/${encodeURIComponent(id)}/memberships/${encodeURIComponent(mid)}`, { method: 'DELETE' });

export const listCountries = (signal?: AbortSignal) =>
  request<{ items: { code: string; name: string }[] }>('/api/v1/countries', { signal });
export const createFacility = (body: { country: string; name: string; kind: string }) =>
  request<Facility>('/api/v1/facilities', { method: 'POST', body });
export const createProgramme = (body: { country: string; name: string; description?: string; aftercare_months?: number }) =>
  request<Programme>('/api/v1/programmes', { method: 'POST', body });

export interface TokenRequest {
  name: string;
  role: string;
  scope_kind: string;
  country?: string;
  facility_id?: string;
  routes: string[];
  expires_in_days?: number;
}
export interface IssuedToken {
  id: string;
  name: string;
  role: string;
  scope_kind: string;
  country?: string;
  routes: string[];
  expires_at: string;
  token: string;
}
export const createToken = (body: TokenRequest) => request<IssuedToken>('/api/v1/tokens', { method: 'POST', body });
