import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, setUnauthorizedListener } from './client';
import { getCsrfToken, setCsrfToken } from './csrf';
import { json, mockFetch, problem } from '../test/fetchMock';

afterEach(() => {
  setCsrfToken(null);
  setUnauthorizedListener(null);
});

describe('request', () => {
  it('sends the CSRF token on writes only', async () => {
    setCsrfToken('tok-1');
    const calls = mockFetch({
      'GET /api/v1/x': () => json(200, { ok: true }),
      'POST /api/v1/x': () => new Response(null, { status: 204 }),
    });
    await expect(request('/api/v1/x')).resolves.toEqual({ ok: true });
    await expect(request('/api/v1/x', { method: 'POST', body: { a: 1 } })).resolves.toBeUndefined();
    expect(calls[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(calls[1]?.headers['x-csrf-token']).toBe('tok-1');
    expect(calls[1]?.headers['content-type']).toBe('application/json');
    expect(calls[1]?.body).toEqual({ a: 1 });
  });

  it('turns a problem document into an ApiError with field errors', async () => {
    mockFetch({
      'POST /api/v1/x': () => problem(422, 'bad input', [{ field: 'username', reason: 'required', detail: 'd' }]),
    });
    const err = await request('/api/v1/x', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const api = err as ApiError;
    expect(api.status).toBe(422);
    expect(api.message).toBe('bad input');
    expect(api.fieldErrors).toEqual([{ field: 'username', reason: 'required', detail: 'd' }]);
  });

  it('tells the listener about a 401 unless asked not to', async () => {
    mockFetch({ 'GET /api/v1/me': () => problem(401, 'no session') });
    const listener = vi.fn();
    setUnauthorizedListener(listener);
    await expect(request('/api/v1/me', { skipUnauthorizedHook: true })).rejects.toBeInstanceOf(ApiError);
    expect(listener).not.toHaveBeenCalled();
    await expect(request('/api/v1/me')).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledOnce();
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const err = (await request('/api/v1/x').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.problem).toBeNull();
  });
});

describe('csrf storage', () => {
  it('survives a reload through sessionStorage', () => {
    setCsrfToken('abc');
    expect(window.sessionStorage.getItem('pathways.csrf')).toBe('abc');
    expect(getCsrfToken()).toBe('abc');
    setCsrfToken(null);
    expect(window.sessionStorage.getItem('pathways.csrf')).toBeNull();
  });
});
