import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { SessionForm } from '../cases/workspace/SessionForm';
import { setupI18n } from '../i18n';
import { json, mockFetch, practitionerUser } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';
import { AuthProvider, useAuth } from './AuthContext';

describe('Session expiry', () => {
  it('warns before the session ends and signs in again in place, keeping the page', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/me': () => json(200, { ...practitionerUser, session_expires_in: 180 }),
      'GET /api/v1/tasks': () => json(200, { items: [], summary: { total: 0, overdue: 0, approvals_waiting: 0 } }),
      'GET /api/v1/tasks?limit=1': () => json(200, { items: [], summary: { total: 0, overdue: 0, approvals_waiting: 0 } }),
      'POST /api/v1/auth/login': () => json(200, { user: { ...practitionerUser, session_expires_in: 43200 }, csrf_token: 'new' }),
    });
    renderApp('/');
    const warning = await screen.findByTestId('session-expiry');
    expect(warning).toHaveTextContent('Your session ends in 3 minutes');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Password for practitioner'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await waitFor(() => expect(screen.queryByTestId('session-expiry')).toBeNull());
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ username: 'practitioner', password: 'secret' });
  });

  it('gives back what was typed after the session ended and a new sign-in, and forgets it on signing out', async () => {
    setupI18n('en');
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/me': () => json(200, { ...practitionerUser, session_expires_in: 43200 }),
      'GET /api/v1/intervention-types': () => json(200, { items: [] }),
      'POST /api/v1/auth/logout': () => json(204, {}),
    });
    function Form() {
      const { state, signOut } = useAuth();
      if (state.status !== 'signed-in') return <p>signed out</p>;
      return (
        <>
          <SessionForm caseId="c-1" onSaved={() => {}} />
          <button type="button" onClick={() => void signOut()}>
            out
          </button>
        </>
      );
    }
    const tree = () => (
      <MemoryRouter>
        <AuthProvider>
          <Form />
        </AuthProvider>
      </MemoryRouter>
    );
    const first = render(tree());
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Notes'), 'Discussed the workshop place');
    first.unmount(); // the session ended and the page went to the sign-in screen
    expect(localStorage.length).toBe(0); // free text never reaches localStorage
    const second = render(tree());
    expect(await screen.findByLabelText('Notes')).toHaveValue('Discussed the workshop place');
    await user.click(screen.getByRole('button', { name: 'out' }));
    await screen.findByText('signed out');
    second.unmount();
    setCsrfToken('t'); // signed in again
    render(tree());
    expect(await screen.findByLabelText('Notes')).toHaveValue('');
  });
});
