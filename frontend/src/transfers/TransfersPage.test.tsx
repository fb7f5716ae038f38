import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { TransfersPage } from './TransfersPage';

const transfer = {
  id: 't-1', case_id: 'c-1', pseudonym: 'PW-MOVE', case_phase: 'intervention', track: 'custodial', programme_id: 'p-1',
  from_facility_id: 'f-2', from_facility: 'Riverside', to_facility_id: 'f-1', to_facility: 'Northgate', reason: 'Closer to family',
  transfer_on: '2025-05-01', status: 'pending', requested_by: 'practitioner2', requested_at: '2025-04-20T10:00:00Z',
  decided_by: null, decided_at: null, comment: '', handover: null,
};

describe('TransfersPage', () => {
  it('accepts a transfer with the new team, and declines one only with a reason', async () => {
    setCsrfToken('t');
    let accepted = false;
    const calls = mockFetch({
      'GET /api/v1/transfers?direction=incoming': () => json(200, { items: accepted ? [] : [transfer] }),
      'GET /api/v1/staff?facility_id=f-1': () =>
        json(200, { items: [{ id: 'u-1', username: 'practitioner', display_name: 'Pat', roles: ['practitioner'] }, { id: 'u-2', username: 'psychologist', display_name: 'Psy', roles: ['practitioner'] }] }),
      'POST /api/v1/transfers/t-1/decline': () => json(422, { type: 'x', title: 'x', status: 422, errors: [{ field: 'comment', reason: 'required', detail: 'is required' }] }, 'application/problem+json'),
      'POST /api/v1/transfers/t-1/accept': () => {
        accepted = true;
        return json(200, { ...transfer, status: 'accepted' });
      },
    });
    renderWith(<TransfersPage />);
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'PW-MOVE: Riverside → Northgate' })).toBeInTheDocument();
    expect(screen.getByText('Reason: Closer to family')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Decline PW-MOVE' }));
    expect(await screen.findByText('This is required.', { selector: '.field__error' })).toBeInTheDocument();
    await screen.findAllByRole('option', { name: 'Pat (practitioner)' });
    await user.selectOptions(screen.getByLabelText('Case manager for PW-MOVE'), 'u-1');
    await user.selectOptions(screen.getByLabelText('Second team member for PW-MOVE (optional)'), 'u-2');
    await user.click(screen.getByRole('button', { name: 'Accept PW-MOVE' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Transfer of PW-MOVE accepted.'));
    expect(calls.find((c) => c.url.endsWith('/accept'))!.body).toEqual({
      case_manager_id: 'u-1', members: [{ user_id: 'u-1', discipline: 'case_manager' }, { user_id: 'u-2', discipline: 'psychologist' }],
    });
  });
});
