import { getCsrfToken } from './csrf';
import type { FieldProblem, Problem } from './types';

/** An API answer that was not 2xx, carrying the problem document when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem?.errors ?? [];
  }
}

/** Called when any request answers 401, so the app can drop a session the server ended. */
type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;
export function setUnauthorizedListener(fn: UnauthorizedListener | null): void {
  onUnauthorized = fn;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Sign-in answers 401 for bad credentials; that is not a lost session. */
  skipUnauthorizedHook?: boolean;
  /** Extra headers, e.g. If-Match or Idempotency-Key. */
  headers?: Record<string, string>;
}

/** A successful answer with the headers the app acts on. */
export interface Answer<T> {
  data: T;
  status: number;
  /** The ETag (quoted, as sent), for the next If-Match. */
  etag: string | null;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await requestFull<T>(path, opts)).data;
}

export async function requestFull<T>(path: string, opts: RequestOptions = {}): Promise<Answer<T>> {
  const method = (opts.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method)) {
    const csrf = getCsrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, null); // network failure: no answer at all
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !opts.skipUnauthorizedHook) onUnauthorized?.();
    throw new ApiError(res.status, problem);
  }
  const etag = res.headers.get('ETag');
  const type = res.headers.get('Content-Type') ?? '';
  if (res.status === 204 || !type.includes('json')) return { data: undefined as T, status: res.status, etag };
  return { data: (await res.json()) as T, status: res.status, etag };
}

async function readProblem(res: Response): Promise<Problem | null> {
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return (await res.json()) as Problem;
  } catch {
    return null;
  }
}
