import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAuth } from './AuthContext';
import { TextField } from './TextField';

/** Warn this long before the session ends. */
export const WARN_BEFORE_MS = 5 * 60 * 1000;

/** A warning before the browser session ends, with a way to sign in again in place: the page
 * (and whatever was typed in it) stays as it is. If the session does end, forms that keep
 * drafts (forms/drafts.ts) give back what was typed after the next sign-in. */
export function SessionExpiry() {
  const { t } = useTranslation();
  const { state, expiresAt, renew } = useAuth();
  const [now, setNow] = useState(() => Date.now());
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (expiresAt === null) return;
    const id = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(id);
  }, [expiresAt]);
  if (state.status !== 'signed-in' || expiresAt === null) return null;
  const left = expiresAt - now;
  if (left > WARN_BEFORE_MS) return null;
  const minutes = Math.max(1, Math.ceil(left / 60_000));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (state.status !== 'signed-in') return;
    setPending(true);
    setError(null);
    try {
      await renew({ username: state.user.username, password, ...(totp ? { totp } : {}) });
      setPassword('');
      setTotp('');
      setNow(Date.now());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.errors.invalidCredentials') : t('signIn.errors.unexpected'));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="session-expiry" role="alert" aria-labelledby="session-expiry-title" data-testid="session-expiry">
      <h2 id="session-expiry-title">{t('session.endsSoon', { count: minutes })}</h2>
      <p>{t('session.explain')}</p>
      <form className="session-expiry__form" noValidate onSubmit={onSubmit}>
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={t('session.password', { username: state.user.username })}
          value={password}
          onChange={setPassword}
          error={error ?? undefined}
        />
        {state.user.totp_enabled && (
          <TextField name="totp" inputMode="numeric" autoComplete="one-time-code" label={t('signIn.totp')} value={totp} onChange={setTotp} />
        )}
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {t('session.continue')}
        </button>
      </form>
    </section>
  );
}
