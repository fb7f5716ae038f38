import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch, problem } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';

const signedOut = { 'GET /api/v1/me': () => problem(401, 'sign in first') };

describe('set-password page', () => {
  it('is linked from sign-in', async () => {
    mockFetch(signedOut);
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Have a set-up or reset code? Set your password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Set your password' })).toBeInTheDocument();
  });

  it('sets the password with the code, then sends the person to sign in', async () => {
    const calls = mockFetch({ ...signedOut, 'POST /api/v1/auth/set-password': () => new Response(null, { status: 204 }) });
    renderApp('/set-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'newpsych');
    await user.type(screen.getByLabelText('One-time code'), 'abcd-efgh-jkmn-pqrs-tvwx');
    await user.type(screen.getByLabelText('New password'), 'a long enough password');
    await user.type(screen.getByLabelText('New password again'), 'a long enough password');
    await user.click(screen.getByRole('button', { name: 'Set my password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your password is set' })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'newpsych', code: 'abcd-efgh-jkmn-pqrs-tvwx', password: 'a long enough password' });
    expect(screen.getByRole('link', { name: 'Go to sign-in' })).toHaveAttribute('href', '/');
  });

  it('checks length and confirmation before sending, and says only "not right" on 401', async () => {
    const calls = mockFetch({ ...signedOut, 'POST /api/v1/auth/set-password': () => problem(401, 'no') });
    renderApp('/set-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'newpsych');
    await user.type(screen.getByLabelText('One-time code'), 'WRONG');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Set my password' }));
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/The password must be at least 12 characters\./);
    await user.type(screen.getByLabelText('New password'), ' but now long');
    await user.type(screen.getByLabelText('New password again'), 'something else entirely');
    await user.click(screen.getByRole('button', { name: 'Set my password' }));
    expect(screen.getByLabelText('New password again')).toHaveAccessibleDescription('The two passwords differ.');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.clear(screen.getByLabelText('New password again'));
    await user.type(screen.getByLabelText('New password again'), 'short but now long');
    await user.click(screen.getByRole('button', { name: 'Set my password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/code is not right/);
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });
});
