import { vi } from 'vitest';
import type { User } from '../api/types';

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Responder = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

export function problem(status: number, detail: string, errors?: unknown[]): Response {
  return json(
    status,
    { type: 'urn:pathways:problem:x', title: 'x', status, detail, request_id: 'r1', ...(errors ? { errors } : {}) },
    'application/problem+json',
  );
}

/** Replaces fetch with a table of "METHOD path" → responder, recording every call. */
export function mockFetch(routes: Record<string, Responder>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, url, headers, body };
    calls.push(call);
    const r = routes[`${method} ${url}`];
    if (!r) return problem(404, 'no route in test');
    return r(call);
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

export const adminUser: User = {
  id: 'u-admin',
  username: 'admin',
  display_name: 'Ada Admin',
  totp_enabled: false,
  memberships: [{ id: 'm1', role: 'admin', scope_kind: 'global' }],
  permissions: ['users:read', 'users:write', 'organisation:read'],
};

export const practitionerUser: User = {
  id: 'u-prac',
  username: 'practitioner',
  display_name: 'Pat Practitioner',
  totp_enabled: true,
  memberships: [{ id: 'm2', role: 'practitioner', scope_kind: 'facility', facility_id: 'f-1' }],
  permissions: ['cases:read', 'cases:write', 'organisation:read'],
};
