import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { setPassword } from '../api/auth';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { TextField } from './TextField';

type FieldName = 'username' | 'code' | 'password' | 'confirm';
const ORDER: readonly FieldName[] = ['username', 'code', 'password', 'confirm'];
const MIN_LENGTH = 12;

/** A person sets their own password with the one-time code an administrator gave them (when
 * their account was created, or their password reset). Nobody else ever chooses it. */
export function SetPassword() {
  const { t } = useTranslation();
  useDocumentTitle(t('setPassword.title'));
  const [v, setV] = useState<Record<FieldName, string>>({ username: '', code: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});
  const doneRef = useRef<HTMLHeadingElement>(null);
  const set = (f: FieldName) => (value: string) => setV((x) => ({ ...x, [f]: value }));

  function check(): Partial<Record<FieldName, string>> {
    const e: Partial<Record<FieldName, string>> = {};
    if (!v.username.trim()) e.username = 'signIn.errors.usernameRequired';
    if (!v.code.trim()) e.code = 'setPassword.errors.codeRequired';
    if ([...v.password].length < MIN_LENGTH) e.password = 'setPassword.errors.tooShort';
    else if (v.confirm !== v.password) e.confirm = 'setPassword.errors.mismatch';
    return e;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    const errs = check();
    setErrors(errs);
    setFormError(null);
    const first = ORDER.find((f) => errs[f]);
    if (first) {
      inputs.current[first]?.focus();
      return;
    }
    setPending(true);
    try {
      await setPassword({ username: v.username.trim(), code: v.code.trim(), password: v.password });
      setDone(true);
      setTimeout(() => doneRef.current?.focus(), 0);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : -1;
      if (status === 422 && err instanceof ApiError && err.fieldErrors.some((f) => f.field === 'password')) {
        setErrors({ password: 'setPassword.errors.tooShort' });
        inputs.current.password?.focus();
      } else {
        setFormError(
          status === 401
            ? 'setPassword.errors.refused'
            : status === 429
              ? 'setPassword.errors.throttled'
              : status === 0
                ? 'signIn.errors.network'
                : 'signIn.errors.unexpected',
        );
      }
      // Secrets that failed do not linger in the form.
      setV((x) => ({ ...x, password: '', confirm: '' }));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="signin">
        <h1 ref={doneRef} tabIndex={-1}>
          {t('setPassword.doneTitle')}
        </h1>
        <p role="status" className="notice">
          {t('setPassword.done')}
        </p>
        <p>
          <Link to="/">{t('setPassword.toSignIn')}</Link>
        </p>
      </div>
    );
  }

  const listed = ORDER.filter((f) => errors[f]);
  return (
    <div className="signin">
      <h1 id="setpassword-title" tabIndex={-1}>
        {t('setPassword.title')}
      </h1>
      <p className="signin__intro">{t('setPassword.intro')}</p>
      <div role="alert" className={formError || listed.length ? 'form-error' : 'form-error form-error--empty'}>
        {formError && <p>{t(formError)}</p>}
        {!formError && listed.length > 0 && (
          <>
            <p className="form-error__title">{t('signIn.errorSummary')}</p>
            <ul>
              {listed.map((f) => (
                <li key={f}>{t(errors[f] as string)}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="setpassword-title">
        <TextField
          name="username"
          label={t('signIn.username')}
          value={v.username}
          onChange={set('username')}
          error={errors.username && t(errors.username)}
          autoComplete="username"
          required
          autoCapitalize="none"
          spellCheck={false}
          inputRef={(el) => (inputs.current.username = el)}
        />
        <TextField
          name="code"
          label={t('setPassword.code')}
          hint={t('setPassword.codeHint')}
          value={v.code}
          onChange={set('code')}
          error={errors.code && t(errors.code)}
          autoComplete="one-time-code"
          required
          autoCapitalize="characters"
          spellCheck={false}
          inputRef={(el) => (inputs.current.code = el)}
        />
        <TextField
          name="password"
          type="password"
          label={t('setPassword.password')}
          hint={t('setPassword.passwordHint')}
          value={v.password}
          onChange={set('password')}
          error={errors.password && t(errors.password)}
          autoComplete="new-password"
          required
          inputRef={(el) => (inputs.current.password = el)}
        />
        <TextField
          name="confirm"
          type="password"
          label={t('setPassword.confirm')}
          value={v.confirm}
          onChange={set('confirm')}
          error={errors.confirm && t(errors.confirm)}
          autoComplete="new-password"
          required
          inputRef={(el) => (inputs.current.confirm = el)}
        />
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('forms.saving') : t('setPassword.submit')}
        </button>
      </form>
      <p>
        <Link to="/">{t('setPassword.toSignIn')}</Link>
      </p>
    </div>
  );
}
