import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { TeamTab } from './TeamTab';

describe('TeamTab', () => {
  it('adds a member picked from the staff of the case facility, never by typing an id', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/staff?facility_id=f-1': () =>
        json(200, {
          items: [
            { id: 'u-prac', username: 'practitioner', display_name: 'Pat', roles: ['practitioner'] },
            { id: 'u-sup2', username: 'supervisor2', display_name: 'Sam', roles: ['supervisor'] },
          ],
        }),
      'PUT /api/v1/cases/c-1/team': () => json(200, aCase),
    });
    renderWith(<TeamTab />, { c: aCase, etag: '"3"' });
    const user = userEvent.setup();
    const pick = screen.getByLabelText('Add a member');
    await screen.findByRole('option', { name: 'Sam (supervisor2) — Supervisor' });
    // Already on the team: not offered again.
    expect(screen.queryByRole('option', { name: /\(practitioner\)/ })).toBeNull();
    await user.selectOptions(pick, 'u-sup2');
    await user.click(screen.getByRole('button', { name: 'Add to the team' }));
    await user.selectOptions(screen.getByLabelText('Discipline of supervisor2'), 'psychologist');
    await user.click(screen.getByRole('button', { name: 'Save the team' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.headers['if-match']).toBe('"3"');
    expect(put.body).toEqual({
      case_manager_id: 'u-prac',
      members: [
        { user_id: 'u-prac', discipline: 'case_manager' },
        { user_id: 'u-sup2', discipline: 'psychologist' },
      ],
    });
  });
});
