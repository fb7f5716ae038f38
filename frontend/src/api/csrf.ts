// The CSRF token comes only from the sign-in answer. It lives in memory and in
// sessionStorage (per tab, gone when the tab closes) so a reload keeps the session usable
// without ever putting it in a cookie or localStorage.
const KEY = 'pathways.csrf';
let token: string | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage can be disabled; memory alone still works until a reload
  }
}

export function getCsrfToken(): string | null {
  if (token === null) token = storage()?.getItem(KEY) ?? null;
  return token;
}

export function setCsrfToken(value: string | null): void {
  token = value;
  const s = storage();
  if (!s) return;
  if (value === null) s.removeItem(KEY);
  else s.setItem(KEY, value);
}
