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

  // Trial 16, M15: the language belongs to the user, so a shared computer opens each person's
  // session in their own language; the sign-in page keeps the browser's last choice.
  it('keeps a signed-in choice on the user, and opens the next sign-in in the user’s language', async () => {
    setCsrfToken('csrf-l');
    const calls = mockFetch({
      'GET /api/v1/me': () => json(200, practitionerUser),
      'GET /api/v1/facilities': () => json(200, { items: [] }),
      'PUT /api/v1/me/language': () => new Response(null, { status: 204 }),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
      'POST /api/v1/auth/login': () => json(200, { user: { ...practitionerUser, language: 'ar' }, csrf_token: 'csrf-2' }),
    });
    renderApp();
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Pat Practitioner' });
    await user.selectOptions(screen.getByLabelText('Language'), 'fr');
    const put = calls.find((c) => c.method === 'PUT' && c.url === '/api/v1/me/language');
    expect(put?.body).toEqual({ language: 'fr' });
    expect(put?.headers['x-csrf-token']).toBe('csrf-l');

    // Signed out: the sign-in page stays in the browser's last choice.
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Se déconnecter' }));
    await screen.findByRole('heading', { level: 1, name: 'Connexion' });

    // Signing in as a user who chose Arabic opens their session in Arabic, right to left.
    await user.type(screen.getByLabelText('Nom d’utilisateur'), 'practitioner');
    await user.type(screen.getByLabelText('Mot de passe'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Pat Practitioner/ })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(window.localStorage.getItem('pathways.lang')).toBe('ar');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('takes a language chosen on the sign-in page as the person’s own', async () => {
    const calls = mockFetch({
      'GET /api/v1/facilities': () => json(200, { items: [] }),
      'PUT /api/v1/me/language': () => new Response(null, { status: 204 }),
      'POST /api/v1/auth/login': () => json(200, { user: { ...practitionerUser, language: 'ar' }, csrf_token: 'csrf-3' }),
    });
    renderApp();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Language'), 'fr');
    expect(calls).toHaveLength(0); // nobody is signed in: nobody's user changes
    await user.type(screen.getByLabelText('Nom d’utilisateur'), 'practitioner');
    await user.type(screen.getByLabelText('Mot de passe'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Bienvenue, Pat Practitioner' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
    const put = calls.find((c) => c.method === 'PUT' && c.url === '/api/v1/me/language');
    expect(put?.body).toEqual({ language: 'fr' });
    expect(put?.headers['x-csrf-token']).toBe('csrf-3');
  });
});
