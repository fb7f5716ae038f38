import { ApiError } from '../api/client';

export type SignInField = 'username' | 'password' | 'totp';
export type FieldErrors = Partial<Record<SignInField, string>>;

export interface SignInValues {
  username: string;
  password: string;
  totp: string;
}

/** Checks in the browser what the server would refuse anyway, to answer faster.
 * Values are translation keys. */
export function validateSignIn(v: SignInValues): FieldErrors {
  const errs: FieldErrors = {};
  if (!v.username.trim()) errs.username = 'signIn.errors.usernameRequired';
  if (!v.password) errs.password = 'signIn.errors.passwordRequired';
  if (v.totp && !/^\d{6}$/.test(v.totp)) errs.totp = 'signIn.errors.totpFormat';
  return errs;
}

export interface SignInFailure {
  /** Translation key of the message for the whole form, if any. */
  form?: string;
  fields: FieldErrors;
}

const FIELDS: readonly SignInField[] = ['username', 'password', 'totp'];

function fieldMessage(field: SignInField, reason: string): string {
  if (field === 'totp') return 'signIn.errors.totpFormat';
  if (reason === 'required') return field === 'username' ? 'signIn.errors.usernameRequired' : 'signIn.errors.passwordRequired';
  return 'signIn.errors.fieldInvalid';
}

/** Turns a failed sign-in into messages. A 401 stays generic on purpose: the server does
 * not say which part was wrong, and neither may the page. */
export function describeSignInError(err: unknown): SignInFailure {
  if (!(err instanceof ApiError)) return { form: 'signIn.errors.unexpected', fields: {} };
  switch (err.status) {
    case 0:
      return { form: 'signIn.errors.network', fields: {} };
    case 401:
      return { form: 'signIn.errors.invalidCredentials', fields: {} };
    case 429:
      return { form: 'signIn.errors.throttled', fields: {} };
    case 422: {
      const fields: FieldErrors = {};
      for (const fe of err.fieldErrors) {
        const f = FIELDS.find((x) => x === fe.field);
        if (f && !fields[f]) fields[f] = fieldMessage(f, fe.reason);
      }
      return Object.keys(fields).length ? { fields } : { form: 'signIn.errors.unexpected', fields };
    }
    default:
      return { form: 'signIn.errors.unexpected', fields: {} };
  }
}
