import { request } from './client';
import type { LoginRequest, LoginResponse, SetPasswordRequest, User } from './types';

export function login(body: LoginRequest): Promise<LoginResponse> {
  return request<LoginResponse>('/api/v1/auth/login', { method: 'POST', body, skipUnauthorizedHook: true });
}

export function logout(): Promise<void> {
  return request<void>('/api/v1/auth/logout', { method: 'POST' });
}

export function fetchMe(signal?: AbortSignal): Promise<User> {
  return request<User>('/api/v1/me', { signal, skipUnauthorizedHook: true });
}

/** Keeps the signed-in person's interface language on their user, for their next sign-in. */
export function saveMyLanguage(language: 'en' | 'fr' | 'ar'): Promise<void> {
  return request<void>('/api/v1/me/language', { method: 'PUT', body: { language } });
}

/** Sets the caller's own password with a one-time code from an administrator. A wrong,
 * used or expired code is a 401, which is not a lost session. */
export function setPassword(body: SetPasswordRequest): Promise<void> {
  return request<void>('/api/v1/auth/set-password', { method: 'POST', body, skipUnauthorizedHook: true });
}
