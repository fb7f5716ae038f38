import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getCsrfToken } from '../api/csrf';
import { adminUser, json, mockFetch, problem } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';

describe('sign-in page', () => {
  it('labels every field and ties client-side errors to them', async () => {
    const calls = mockFetch({});
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    const username = screen.getByLabelText('Username');
    const password = screen.getByLabelText('Password');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(username).toHaveAccessibleDescription('Enter your username.');
    expect(password).toHaveAccessibleDescription('Enter your password.');
    expect(username).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('There is a problem');
    expect(calls).toHaveLength(0); // nothing sent while the form is incomplete
  });

  it('shows the generic error in an alert and clears the secrets on 401', async () => {
    mockFetch({ 'POST /api/v1/auth/login': () => problem(401, 'the username, password or code is not right') });
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('The username, password or code is not right.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The username, password or code is not right.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Username')).toHaveValue('admin');
    expect(getCsrfToken()).toBeNull();
  });

  it('shows server field errors from a 422 on the right field', async () => {
    mockFetch({
      'POST /api/v1/auth/login': () =>
        problem(422, 'invalid', [{ field: 'totp', reason: 'numeric', detail: 'must be numeric' }]),
    });
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const totp = screen.getByLabelText(/Authentication code/);
    await waitFor(() => expect(totp).toHaveAttribute('aria-invalid', 'true'));
    expect(totp).toHaveAccessibleDescription(/The code is 6 digits\./);
  });

  it('says so when throttled', async () => {
    mockFetch({ 'POST /api/v1/auth/login': () => problem(429, 'too many') });
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Too many failed sign-ins/);
  });

  it('signs in, keeps the CSRF token, and sends the code only when given', async () => {
    const calls = mockFetch({
      'POST /api/v1/auth/login': () => json(200, { user: adminUser, csrf_token: 'csrf-123' }),
    });
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), ' admin ');
    await user.type(screen.getByLabelText('Password'), 'secret password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Admin' })).toBeInTheDocument();
    expect(calls[0]?.body).toEqual({ username: 'admin', password: 'secret password' });
    expect(getCsrfToken()).toBe('csrf-123');
    expect(window.sessionStorage.getItem('pathways.csrf')).toBe('csrf-123');
  });

  it('sends a 6-digit code', async () => {
    const calls = mockFetch({
      'POST /api/v1/auth/login': () => json(200, { user: adminUser, csrf_token: 'c' }),
    });
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.type(screen.getByLabelText(/Authentication code/), '123 456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Admin' });
    expect(calls[0]?.body).toEqual({ username: 'admin', password: 'pw', totp: '123456' });
  });
});
