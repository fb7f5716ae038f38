/** Builds "?a=1&b=2" from the set values only, so empty filters are left out of the URL. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A fresh key per create, so a retried request is answered once (DESIGN §9). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  // jsdom and very old browsers: still random enough for a retry key
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}
