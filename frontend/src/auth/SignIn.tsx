import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useAuth } from './AuthContext';
import { TextField } from './TextField';
import { describeSignInError, validateSignIn, type FieldErrors, type SignInField, type SignInValues } from './signInErrors';

const ORDER: readonly SignInField[] = ['username', 'password', 'totp'];

export function SignIn({ notice }: { notice?: string }) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  useDocumentTitle(t('signIn.title'));
  const [values, setValues] = useState<SignInValues>({ username: '', password: '', totp: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputs = useRef<Partial<Record<SignInField, HTMLInputElement | null>>>({});

  // After signing out, the button that had focus is gone: start again at the heading.
  useEffect(() => {
    if (notice && (document.activeElement === document.body || document.activeElement === null)) {
      document.getElementById('signin-title')?.focus();
    }
  }, [notice]);

  const set = (field: SignInField) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  function focusFirst(errs: FieldErrors) {
    const first = ORDER.find((f) => errs[f]);
    if (first) inputs.current[first]?.focus();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    const errs = validateSignIn(values);
    setFieldErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      focusFirst(errs);
      return;
    }
    setPending(true);
    try {
      await signIn({
        username: values.username.trim(),
        password: values.password,
        ...(values.totp ? { totp: values.totp } : {}),
      });
      // On success this component unmounts; nothing more to do here.
    } catch (err) {
      const failure = describeSignInError(err);
      setFieldErrors(failure.fields);
      setFormError(failure.form ?? null);
      // A secret that failed must not linger in the form.
      setValues((v) => ({ ...v, password: '', totp: '' }));
      setPending(false);
      focusFirst(failure.fields);
    }
  }

  const fieldErrorList = ORDER.filter((f) => fieldErrors[f]);

  return (
    <div className="signin">
      <h1 id="signin-title" tabIndex={-1}>
        {t('signIn.title')}
      </h1>
      <p className="signin__intro">{t('signIn.intro')}</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div role="alert" className={formError || fieldErrorList.length ? 'form-error' : 'form-error form-error--empty'}>
        {formError && <p>{t(formError)}</p>}
        {!formError && fieldErrorList.length > 0 && (
          <>
            <p className="form-error__title">{t('signIn.errorSummary')}</p>
            <ul>
              {fieldErrorList.map((f) => (
                <li key={f}>{t(fieldErrors[f] as string)}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="signin-title">
        <TextField
          name="username"
          label={t('signIn.username')}
          value={values.username}
          onChange={set('username')}
          error={fieldErrors.username && t(fieldErrors.username)}
          autoComplete="username"
          required
          inputRef={(el) => (inputs.current.username = el)}
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          name="password"
          type="password"
          label={t('signIn.password')}
          value={values.password}
          onChange={set('password')}
          error={fieldErrors.password && t(fieldErrors.password)}
          autoComplete="current-password"
          required
          inputRef={(el) => (inputs.current.password = el)}
        />
        <TextField
          name="totp"
          label={t('signIn.totp')}
          hint={t('signIn.totpHint')}
          value={values.totp}
          onChange={(v) => set('totp')(v.replace(/\s+/g, ''))}
          error={fieldErrors.totp && t(fieldErrors.totp)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          inputRef={(el) => (inputs.current.totp = el)}
          className="input--short"
        />
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/set-password">{t('signIn.haveCode')}</Link>
      </p>
    </div>
  );
}
