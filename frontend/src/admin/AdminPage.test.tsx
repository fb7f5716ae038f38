import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { AdminRequest, AdminUser, Token } from '../api/types';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { AdminPage } from './AdminPage';

const pat: AdminUser = {
  id: 'u-pat',
  username: 'pat',
  display_name: 'Pat',
  disabled: false,
  totp_enabled: false,
  created_at: '2026-01-01T00:00:00Z',
  memberships: [{ id: 'm-1', role: 'practitioner', scope_kind: 'facility', country: 'XA', facility_id: 'f-1' }],
};
const ada: AdminUser = { ...pat, id: 'u-ada', username: 'ada', memberships: [{ id: 'm-2', role: 'admin', scope_kind: 'country', country: 'XA' }] };

const feed: Token = {
  id: 't-1',
  name: 'stats feed',
  role: 'national_authority',
  scope_kind: 'country',
  country: 'XA',
  routes: ['statistics'],
  created_by: 'admin',
  created_at: '2026-01-01T00:00:00Z',
  expires_at: '2026-12-31T00:00:00Z',
  last_used_at: '2026-06-01T10:00:00Z',
  active: true,
};

const grant: AdminRequest = {
  id: 'r-1',
  kind: 'membership.create',
  status: 'pending',
  target_user_id: 'u-pat',
  target_username: 'pat',
  role: 'auditor',
  scope_kind: 'country',
  country: 'XA',
  requested_by: 'ada',
  requested_at: '2026-06-01T09:00:00Z',
  can_decide: true,
};
const reset: AdminRequest = { ...grant, id: 'r-2', kind: 'user.reset', role: undefined, scope_kind: undefined, country: undefined, target_username: 'ada', target_user_id: 'u-ada' };

function backend(extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
  return mockFetch({
    'GET /api/v1/users': () => json(200, { items: [ada, pat] }),
    'GET /api/v1/facilities': () => json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '2026-01-01T00:00:00Z' }] }),
    'GET /api/v1/programmes': () => json(200, { items: [] }),
    'GET /api/v1/countries': () => json(200, { items: [{ code: 'XA', name: 'Arcadia' }] }),
    'GET /api/v1/tokens': () => json(200, { items: [feed] }),
    'GET /api/v1/admin-requests': () => json(200, { items: [grant, reset] }),
    ...extra,
  });
}

describe('AdminPage', () => {
  it('creates a user without a password and shows their one-time setup code', async () => {
    const calls = backend({
      'POST /api/v1/users': (c) =>
        json(201, { ...pat, id: 'u-new', username: (c.body as { username: string }).username, memberships: [], setup_code: 'ABCD-EFGH-JKMN-PQRS-TVWX', setup_code_expires_at: '2026-06-02T09:00:00Z' }),
    });
    renderWith(<AdminPage />);
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create user' });
    expect(within(form).queryByLabelText(/password/i)).toBeNull();
    await user.type(within(form).getByLabelText('Username'), 'newpsych');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));
    const code = await screen.findByTestId('setup-code');
    expect(code).toHaveTextContent('ABCD-EFGH-JKMN-PQRS-TVWX');
    expect(screen.getByRole('region', { name: 'One-time set-up code for newpsych' })).toHaveFocus();
    const sent = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/users');
    expect(sent?.body).toEqual({ username: 'newpsych' }); // no password, the administrator's own scope
  });

  it('resets a password and shows the reset code; a privileged account goes to the queue', async () => {
    backend({
      'POST /api/v1/users/u-pat/password-reset': () => json(201, { user_id: 'u-pat', code: 'ZZZZ-YYYY-XXXX-WWWW-VVVV', expires_at: '2026-06-02T09:00:00Z' }),
      'POST /api/v1/users/u-ada/password-reset': () => json(202, { ...reset, id: 'r-3', can_decide: false }),
    });
    renderWith(<AdminPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Reset the password of pat' }));
    expect(await screen.findByTestId('reset-code')).toHaveTextContent('ZZZZ-YYYY-XXXX-WWWW-VVVV');
    await user.click(screen.getByRole('button', { name: 'Reset the password of ada' }));
    expect(await screen.findByText('Sent for approval: another administrator must approve this change.')).toBeInTheDocument();
    expect(screen.queryByTestId('reset-code')).toBeNull();
  });

  it('lists waiting requests; approving a reset shows its code to the approver; rejecting needs a reason', async () => {
    const calls = backend({
      'POST /api/v1/admin-requests/r-2/approve': () =>
        json(200, { request: { ...reset, status: 'approved', can_decide: false }, code: 'AAAA-BBBB-CCCC-DDDD-EEEE', code_expires_at: '2026-06-02T09:00:00Z' }),
      'POST /api/v1/admin-requests/r-1/reject': (c) =>
        (c.body as { comment?: string }).comment
          ? json(200, { request: { ...grant, status: 'rejected' } })
          : json(422, { type: 'x', title: 'x', status: 422, errors: [{ field: 'comment', reason: 'required', detail: 'say why' }] }, 'application/problem+json'),
    });
    const { container } = renderWith(<AdminPage />);
    const user = userEvent.setup();
    const list = await screen.findByTestId('admin-requests');
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Give pat the role Auditor in XA');
    expect(within(items[0]!).getByRole('button', { name: 'Approve' })).toHaveAccessibleDescription('Give pat the role Auditor in XA');
    expect(items[1]).toHaveTextContent('Reset the password of ada');

    await user.click(within(items[0]!).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(within(items[0]!).getByLabelText('Comment')).toHaveAttribute('aria-invalid', 'true'));
    await user.type(within(items[0]!).getByLabelText('Comment'), 'not needed');
    await user.click(within(items[0]!).getByRole('button', { name: 'Reject' }));
    await screen.findByText('Request rejected.');
    expect(calls.filter((c) => c.url === '/api/v1/admin-requests/r-1/reject').map((c) => c.body)).toEqual([{}, { comment: 'not needed' }]);

    await user.click(within(items[1]!).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByTestId('reset-code')).toHaveTextContent('AAAA-BBBB-CCCC-DDDD-EEEE');

    const results = await axe.run(container, { runOnly: ['landmark-unique', 'duplicate-id', 'duplicate-id-aria', 'aria-valid-attr-value', 'label'] });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('lists tokens with expiry, last use and revoke, and offers only roles a token may carry', async () => {
    const calls = backend({
      'DELETE /api/v1/tokens/t-1': () => new Response(null, { status: 204 }),
      'POST /api/v1/tokens': () => json(202, { ...grant, id: 'r-9', kind: 'token.create', target_user_id: undefined, target_username: undefined, token_name: 'siem', can_decide: false }),
    });
    renderWith(<AdminPage />);
    const user = userEvent.setup();
    const table = await screen.findByTestId('tokens');
    expect(within(table).getByRole('rowheader', { name: 'stats feed' })).toBeInTheDocument();
    expect(table).toHaveTextContent('admin');

    const form = screen.getByRole('form', { name: 'Issue token' });
    const role = within(form).getByLabelText('Role');
    const offered = within(role).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(offered).toEqual(['national_authority', 'auditor', 'admin']);
    await user.selectOptions(role, 'auditor');
    expect(within(form).getByLabelText('audit')).toBeInTheDocument();
    expect(within(form).queryByLabelText('statistics')).toBeNull();
    await user.type(within(form).getByLabelText('Name of the client'), 'siem');
    await user.click(within(form).getByLabelText('audit'));
    await user.click(within(form).getByRole('button', { name: 'Issue token' }));
    expect(await screen.findByText('Sent for approval: the administrator who approves it receives the token.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST' && c.url === '/api/v1/tokens')?.body).toMatchObject({ role: 'auditor', routes: ['audit'], expires_in_days: 90 });

    await user.click(within(table).getByRole('button', { name: 'Revoke stats feed' }));
    expect(await screen.findByText('Token stats feed revoked.')).toBeInTheDocument();
  });
});
