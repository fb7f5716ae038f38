import { request } from './client';
import type { LoginRequest, LoginResponse, User } from './types';

export function login(body: LoginRequest): Promise<LoginResponse> {
  return request<LoginResponse>('/api/v1/auth/login', { method: 'POST', body, skipUnauthorizedHook: true });
}

export function logout(): Promise<void> {
  return request<void>('/api/v1/auth/logout', { method: 'POST' });
}

export function fetchMe(signal?: AbortSignal): Promise<User> {
  return request<User>('/api/v1/me', { signal, skipUnauthorizedHook: true });
}
