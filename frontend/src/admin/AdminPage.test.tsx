import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { AdminRequest, AdminUser, Token } from '../api/types';
import { json, mockFetch } from '../test/fetchMock';
import { MemoryRouter, Route, Routes } from 'react-router';
import { setupI18n } from '../i18n';
import { AdminPage } from './AdminPage';

/** The administration pages as the app mounts them, opened at one address. */
function renderAdmin(path: string) {
  setupI18n('en');
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/admin/*" element={<AdminPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

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

const northgate = { id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison' as const, created_at: '2026-01-01T00:00:00Z' };
const oldgate = { ...northgate, id: 'f-2', name: 'Oldgate', retired_at: '2026-03-01T00:00:00Z' };
const programme = {
  id: 'p-1',
  country: 'XA',
  name: 'Pathways A',
  description: 'the main one',
  aftercare_months: 12,
  follow_up_months: [3, 6, 12, 24],
  created_at: '2026-01-01T00:00:00Z',
};
/** What a global administrator may issue (the server's domain.TokenOffers). */
const globalOffers = [
  { role: 'national_authority', scope_kinds: ['global', 'country', 'facility'], routes: ['statistics'], alone: true },
  { role: 'auditor', scope_kinds: ['global'], routes: ['audit'], alone: false },
  { role: 'admin', scope_kinds: ['global', 'country', 'facility'], routes: ['users', 'tokens', 'admin_requests', 'organisation', 'catalogue'], alone: false },
];

function backend(extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
  return mockFetch({
    'GET /api/v1/users': () => json(200, { items: [ada, pat] }),
    'GET /api/v1/facilities': () => json(200, { items: [northgate] }),
    'GET /api/v1/programmes': () => json(200, { items: [programme] }),
    'GET /api/v1/facilities?include_retired=true': () => json(200, { items: [northgate, oldgate] }),
    'GET /api/v1/programmes?include_retired=true': () => json(200, { items: [programme] }),
    'GET /api/v1/countries': () => json(200, { items: [{ code: 'XA', name: 'Arcadia' }] }),
    'GET /api/v1/tokens': () => json(200, { items: [feed], issuable: globalOffers }),
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
    renderAdmin('/admin/users');
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
    renderAdmin('/admin/users');
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
    const { container } = renderAdmin('/admin/requests');
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

  it('lists tokens with expiry, last use and revoke (after a confirmation), and offers only the roles the server says may be issued', async () => {
    const calls = backend({
      'DELETE /api/v1/tokens/t-1': () => new Response(null, { status: 204 }),
      'POST /api/v1/tokens': () => json(202, { ...grant, id: 'r-9', kind: 'token.create', target_user_id: undefined, target_username: undefined, token_name: 'siem', can_decide: false }),
    });
    renderAdmin('/admin/tokens');
    const user = userEvent.setup();
    const table = await screen.findByTestId('tokens');
    expect(within(table).getByRole('rowheader', { name: 'stats feed' })).toBeInTheDocument();
    expect(table).toHaveTextContent('admin');
    expect(table).not.toHaveTextContent('pw_');

    const form = screen.getByRole('form', { name: 'Issue token' });
    const role = within(form).getByLabelText('Role');
    const offered = within(role).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(offered).toEqual(['national_authority', 'auditor', 'admin']);
    await user.selectOptions(role, 'auditor');
    // The auditor role is issued only globally: no other scope is offered.
    const kinds = within(within(form).getByLabelText('Scope')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(kinds).toEqual(['global']);
    expect(within(form).getByLabelText('audit')).toBeInTheDocument();
    expect(within(form).queryByLabelText('statistics')).toBeNull();
    await user.type(within(form).getByLabelText('Name of the client'), 'siem');
    await user.click(within(form).getByLabelText('audit'));
    await user.click(within(form).getByRole('button', { name: 'Issue token' }));
    expect(await screen.findByText('Sent for approval: the administrator who approves it receives the token.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST' && c.url === '/api/v1/tokens')?.body).toMatchObject({ role: 'auditor', scope_kind: 'global', routes: ['audit'], expires_in_days: 90 });

    await user.click(within(table).getByRole('button', { name: 'Revoke stats feed' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false); // asked first
    const question = screen.getByRole('group', { name: /Revoke the token stats feed\?/ });
    await user.click(within(question).getByRole('button', { name: /revoke/i }));
    expect(await screen.findByText('Token stats feed revoked.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/tokens/t-1']);
  });

  it('offers a country administrator only what they may issue', async () => {
    backend({
      'GET /api/v1/tokens': () =>
        json(200, {
          items: [],
          issuable: [
            { role: 'national_authority', scope_kinds: ['country', 'facility'], routes: ['statistics'], alone: true },
            { role: 'admin', scope_kinds: ['country', 'facility'], routes: ['users'], alone: false },
          ],
        }),
    });
    renderAdmin('/admin/tokens');
    const form = await screen.findByRole('form', { name: 'Issue token' });
    await waitFor(() => expect(within(within(form).getByLabelText('Role')).getAllByRole('option')).toHaveLength(3));
    const offered = within(within(form).getByLabelText('Role')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(offered).toEqual(['national_authority', 'admin']);
    await userEvent.setup().selectOptions(within(form).getByLabelText('Role'), 'national_authority');
    const kinds = within(within(form).getByLabelText('Scope')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(kinds).toEqual(['country', 'facility']);
    expect(within(form).getByText(/A token for this role limited to statistics is issued at once/)).toBeInTheDocument();
  });

  it('is split by subject: each tab has its own address and heading', async () => {
    backend();
    renderAdmin('/admin');
    const user = userEvent.setup();
    const nav = await screen.findByRole('navigation', { name: 'Administration sections' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Users and roles', 'Facilities and programmes', 'API tokens', 'Waiting for approval']);
    expect(await screen.findByRole('heading', { level: 2, name: 'Users' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Users and roles' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Facilities and programmes' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Facilities and programmes' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Users' })).toBeNull();
    expect(screen.queryByTestId('tokens')).toBeNull();
  });

  it('edits a facility in place, sending only what changed, and shows retired ones', async () => {
    const calls = backend({
      'PATCH /api/v1/facilities/f-1': (c) => json(200, { ...northgate, ...(c.body as object) }),
    });
    const { container } = renderAdmin('/admin/organisation');
    const user = userEvent.setup();
    const table = await screen.findByTestId('facilities');
    await within(table).findByRole('rowheader', { name: 'Oldgate' });
    expect(within(table).getByRole('row', { name: /Oldgate/ })).toHaveTextContent('Retired on');
    await user.click(within(table).getByRole('button', { name: 'Edit Northgate' }));
    const form = screen.getByRole('form', { name: 'Edit the facility Northgate' });
    expect(screen.getByRole('heading', { name: 'Edit the facility Northgate' })).toHaveFocus();
    expect(within(form).queryByLabelText('Country')).toBeNull(); // never changed here
    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'Northgate Prison');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Facility Northgate Prison saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'Northgate Prison' });
    const results = await axe.run(container, { runOnly: ['landmark-unique', 'duplicate-id', 'duplicate-id-aria', 'aria-valid-attr-value', 'label'] });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('shows a refused retirement at the form, in words', async () => {
    backend({
      'PATCH /api/v1/facilities/f-1': () =>
        json(409, { type: 'urn:pathways:problem:conflict', title: 'Conflict', status: 409, detail: 'the facility still holds 2 open case(s)' }, 'application/problem+json'),
      'PATCH /api/v1/programmes/p-1': () =>
        json(422, { type: 'x', title: 'x', status: 422, errors: [{ field: 'follow_up_months[1]', reason: 'not_increasing', detail: 'increasing' }] }, 'application/problem+json'),
    });
    renderAdmin('/admin/organisation');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit Northgate' }));
    const form = screen.getByRole('form', { name: 'Edit the facility Northgate' });
    await user.click(within(form).getByLabelText('Retired'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(form).getByRole('alert')).toBeInTheDocument());
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Edit Pathways A' }));
    const pform = screen.getByRole('form', { name: 'Edit the programme Pathways A' });
    const months = within(pform).getByLabelText('Follow-up points (months)');
    await user.clear(months);
    await user.type(months, '6, 3');
    await user.click(within(pform).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(months).toHaveAttribute('aria-invalid', 'true'));
  });

  it('renames a user in place', async () => {
    const calls = backend({ 'PATCH /api/v1/users/u-pat': () => json(200, { ...pat, display_name: 'Pat Q.' }) });
    renderAdmin('/admin/users');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rename pat' }));
    const form = screen.getByRole('form', { name: 'Rename pat' });
    await user.clear(within(form).getByLabelText('Display name'));
    await user.type(within(form).getByLabelText('Display name'), 'Pat Q.');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Display name of pat changed.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ display_name: 'Pat Q.' });
  });
});
