import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth';
import { ApiError, setUnauthorizedListener } from '../api/client';
import { getCsrfToken, setCsrfToken } from '../api/csrf';
import type { LoginRequest, User } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out' | 'sign-out-unconfirmed' }
  | { status: 'unavailable' }
  | { status: 'signed-in'; user: User };

interface AuthApi {
  state: AuthState;
  signIn(req: LoginRequest): Promise<void>;
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

  // Restore the session after a reload (and on retry after the server was unreachable).
  useEffect(() => {
    if (!getCsrfToken()) return;
    const ctl = new AbortController();
    fetchMe(ctl.signal).then(
      (user) => setState({ status: 'signed-in', user }),
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
  }, [attempt]);

  // Any 401 later on means the server ended the session (expiry, revocation).
  useEffect(() => {
    setUnauthorizedListener(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => setUnauthorizedListener(null);
  }, []);

  const signIn = useCallback(async (req: LoginRequest) => {
    const res = await apiLogin(req);
    setCsrfToken(res.csrf_token);
    setState({ status: 'signed-in', user: res.user });
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
    setState({ status: 'signed-out', reason: confirmed ? 'signed-out' : 'sign-out-unconfirmed' });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const api = useMemo(() => ({ state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
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
