import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { describeSignInError, validateSignIn } from './signInErrors';

const p = (status: number, errors?: { field: string; reason: string; detail: string }[]) =>
  new ApiError(status, { type: 't', title: 't', status, ...(errors ? { errors } : {}) });

describe('validateSignIn', () => {
  it('asks for username and password and a 6-digit code when one is given', () => {
    expect(validateSignIn({ username: ' ', password: '', totp: '12a' })).toEqual({
      username: 'signIn.errors.usernameRequired',
      password: 'signIn.errors.passwordRequired',
      totp: 'signIn.errors.totpFormat',
    });
    expect(validateSignIn({ username: 'a', password: 'b', totp: '' })).toEqual({});
    expect(validateSignIn({ username: 'a', password: 'b', totp: '123456' })).toEqual({});
  });
});

describe('describeSignInError', () => {
  it('keeps a refused sign-in generic', () => {
    expect(describeSignInError(p(401))).toEqual({ form: 'signIn.errors.invalidCredentials', fields: {} });
  });
  it('explains throttling and network failure', () => {
    expect(describeSignInError(p(429)).form).toBe('signIn.errors.throttled');
    expect(describeSignInError(new ApiError(0, null)).form).toBe('signIn.errors.network');
    expect(describeSignInError(p(500)).form).toBe('signIn.errors.unexpected');
    expect(describeSignInError(new Error('x')).form).toBe('signIn.errors.unexpected');
  });
  it('maps per-field problems onto the fields', () => {
    const r = describeSignInError(
      p(422, [
        { field: 'username', reason: 'required', detail: '' },
        { field: 'totp', reason: 'len', detail: '' },
        { field: 'other', reason: 'x', detail: '' },
      ]),
    );
    expect(r).toEqual({ fields: { username: 'signIn.errors.usernameRequired', totp: 'signIn.errors.totpFormat' } });
  });
  it('falls back to a form message when a 422 names no known field', () => {
    expect(describeSignInError(p(422, [])).form).toBe('signIn.errors.unexpected');
  });
});
