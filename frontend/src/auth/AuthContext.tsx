import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout, saveMyLanguage } from '../api/auth';
import { ApiError, setUnauthorizedListener } from '../api/client';
import { getCsrfToken, setCsrfToken } from '../api/csrf';
import { clearDrafts, setDraftOwner } from '../forms/drafts';
import i18n from '../i18n';
import { isLanguage, saveLanguage, takeSignedOutChoice } from '../i18n/languages';
import type { LoginRequest, User } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out' | 'sign-out-unconfirmed' }
  | { status: 'unavailable' }
  | { status: 'signed-in'; user: User };

interface AuthApi {
  state: AuthState;
  /** When the browser session ends (ms since the epoch, by this browser's clock); null when unknown. */
  expiresAt: number | null;
  signIn(req: LoginRequest): Promise<void>;
  /** Signs the same user in again before the session ends, leaving the app (and what was typed) in place. */
  renew(req: LoginRequest): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthApi | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  // Without a CSRF token (it only comes from sign-in) nothing that changes data could be
  // sent, so a session cookie alone counts as signed out and the server is not asked.
  const [state, setState] = useState<AuthState>(() =>
    getCsrfToken() ? { status: 'loading' } : { status: 'signed-out' },
  );
  const [attempt, setAttempt] = useState(0);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);
  // The server says how many seconds are left; counting from now keeps the client's clock out of it.
  const signedIn = useCallback((user: User) => {
    setDraftOwner(user.id);
    // The language the person chose belongs to them: it opens their session on whatever
    // computer, and becomes this browser's last choice (the sign-in page's language).
    if (isLanguage(user.language) && i18n.language !== user.language) {
      saveLanguage(user.language);
      void i18n.changeLanguage(user.language);
    }
    setExpiresAt(typeof user.session_expires_in === 'number' ? Date.now() + user.session_expires_in * 1000 : null);
    setState({ status: 'signed-in', user });
  }, []);

  // Restore the session after a reload (and on retry after the server was unreachable).
  useEffect(() => {
    if (!getCsrfToken()) return;
    const ctl = new AbortController();
    fetchMe(ctl.signal).then(
      (user) => signedIn(user),
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          setCsrfToken(null);
          setState({ status: 'signed-out' });
        } else {
          setState({ status: 'unavailable' });
        }
      },
    );
    return () => ctl.abort();
  }, [attempt, signedIn]);

  // Any 401 later on means the server ended the session (expiry, revocation).
  useEffect(() => {
    setUnauthorizedListener(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => setUnauthorizedListener(null);
  }, []);

  const signIn = useCallback(
    async (req: LoginRequest) => {
      const res = await apiLogin(req);
      setCsrfToken(res.csrf_token);
      // A language the person chose on the sign-in page is theirs from now on; otherwise the
      // one they chose before opens their session.
      const chosen = takeSignedOutChoice();
      if (chosen) {
        if (chosen !== res.user.language) saveMyLanguage(chosen).catch(() => undefined);
        signedIn({ ...res.user, language: chosen });
      } else {
        signedIn(res.user);
      }
    },
    [signedIn],
  );

  const renew = useCallback(async (req: LoginRequest) => {
    const res = await apiLogin(req);
    setCsrfToken(res.csrf_token);
    setExpiresAt(typeof res.user.session_expires_in === 'number' ? Date.now() + res.user.session_expires_in * 1000 : null);
  }, []);

  const signOut = useCallback(async () => {
    let confirmed = true;
    try {
      await apiLogout();
    } catch (err) {
      // 401: the session was already gone, which is what was asked for.
      confirmed = err instanceof ApiError && err.status === 401;
    }
    // Forget the session locally whatever the server said: on a shared workstation the
    // person walking away must not leave a usable screen behind.
    setCsrfToken(null);
    clearDrafts();
    setState({ status: 'signed-out', reason: confirmed ? 'signed-out' : 'sign-out-unconfirmed' });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const api = useMemo(() => ({ state, expiresAt, signIn, renew, signOut, retry }), [state, expiresAt, signIn, renew, signOut, retry]);
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useUser while not signed in');
  return state.user;
}
