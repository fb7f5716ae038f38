import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getCsrfToken, setCsrfToken } from './api/csrf';
import { adminUser, json, mockFetch, practitionerUser, problem } from './test/fetchMock';
import { renderApp } from './test/renderApp';

describe('session restore', () => {
  it('shows sign-in without asking the server when there is no CSRF token', async () => {
    const calls = mockFetch({});
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('restores the user from /me after a reload', async () => {
    setCsrfToken('kept');
    mockFetch({ 'GET /api/v1/me': () => json(200, practitionerUser) });
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Pat Practitioner' })).toBeInTheDocument();
  });

  it('drops a stale token when /me answers 401', async () => {
    setCsrfToken('stale');
    mockFetch({ 'GET /api/v1/me': () => problem(401, 'no session') });
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(getCsrfToken()).toBeNull();
  });

  it('offers a retry when the server cannot be reached', async () => {
    setCsrfToken('kept');
    let up = false;
    mockFetch({
      'GET /api/v1/me': () => (up ? json(200, adminUser) : problem(503, 'down')),
    });
    renderApp();
    const retry = await screen.findByRole('button', { name: 'Try again' });
    up = true;
    await userEvent.setup().click(retry);
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Admin' })).toBeInTheDocument();
  });
});

describe('signed-in shell', () => {
  it('shows who the user is with roles and scopes', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/me': () => json(200, practitionerUser),
      'GET /api/v1/facilities': () =>
        json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '' }] }),
    });
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Pat Practitioner' });
    expect(screen.getByTestId('username')).toHaveTextContent('practitioner');
    expect(screen.getByTestId('display-name')).toHaveTextContent('Pat Practitioner');
    const roles = screen.getByTestId('roles');
    expect(within(roles).getByText('Practitioner')).toBeInTheDocument();
    expect(await within(roles).findByText('Facility: Northgate')).toBeInTheDocument();
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });

  it('lists only the sections the permissions open', async () => {
    setCsrfToken('t');
    mockFetch({ 'GET /api/v1/me': () => json(200, adminUser) });
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const names = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names).toEqual(['Home', 'Administration']);
  });

  it('opens a permitted section with focus on its heading', async () => {
    setCsrfToken('t');
    mockFetch({ 'GET /api/v1/me': () => json(200, adminUser) });
    renderApp();
    const user = userEvent.setup();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('link', { name: 'Administration' }));
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Administration' });
    expect(h1).toHaveFocus();
    expect(await screen.findByRole('heading', { level: 2, name: 'Users' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Administration' })).toHaveAttribute('aria-current', 'page');
  });

  it('answers not-found for a section the roles do not open', async () => {
    setCsrfToken('t');
    mockFetch({ 'GET /api/v1/me': () => json(200, adminUser) });
    renderApp('/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('signs out with the CSRF token and returns to sign-in', async () => {
    setCsrfToken('csrf-x');
    const calls = mockFetch({
      'GET /api/v1/me': () => json(200, adminUser),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    renderApp();
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Admin' });
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('You have signed out.');
    const logout = calls.find((c) => c.url === '/api/v1/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-x');
    expect(getCsrfToken()).toBeNull();
  });

  it('signs out from the user menu too, even if the server does not answer', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/me': () => json(200, adminUser),
      'POST /api/v1/auth/logout': () => problem(503, 'down'),
    });
    renderApp();
    const user = userEvent.setup();
    const toggle = await screen.findByRole('button', { name: /Account/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const banner = screen.getByRole('banner');
    await user.click(within(banner).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/could not confirm the sign-out/);
    expect(getCsrfToken()).toBeNull();
  });
});

describe('language', () => {
  it('switches the whole page to Arabic, right to left', async () => {
    mockFetch({});
    renderApp();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Language'), 'ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(await screen.findByRole('heading', { level: 1, name: 'تسجيل الدخول' })).toBeInTheDocument();
    expect(window.localStorage.getItem('pathways.lang')).toBe('ar');
  });
});
