import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { DetailsTab } from './DetailsTab';

const lists = {
  'GET /api/v1/offence-categories': () => json(200, { items: [{ code: '0903', level: 2, name: 'Terrorism' }] }),
};

describe('DetailsTab', () => {
  it('sends only what changed, with If-Match, null for an emptied field', async () => {
    setCsrfToken('t');
    const c = { ...aCase, phase: 'pre_release' as const, offence_category: '0903' };
    const calls = mockFetch({ ...lists, 'PATCH /api/v1/cases/c-1': () => json(200, c) });
    const reload = vi.fn();
    renderWith(<DetailsTab />, { c, etag: '"9"', reload });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Expected release date'), '2030-05-01');
    await screen.findByRole('option', { name: '0903 — Terrorism' });
    await user.selectOptions(screen.getByLabelText('Offence category (ICCS)'), '');
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    const patch = calls.find((x) => x.method === 'PATCH')!;
    expect(patch.headers['if-match']).toBe('"9"');
    expect(patch.body).toEqual({ expected_release_date: '2030-05-01', offence_category: null });
    expect(screen.getByRole('status')).toHaveTextContent('Case details saved.');
    // The release is recorded elsewhere, and so is a move.
    expect(screen.queryByLabelText('Actual release date')).toBeNull();
    expect(screen.getByText(/A move to another facility is a transfer/)).toBeInTheDocument();
  });

  it('shows 422 at the field and 412 with a reload', async () => {
    setCsrfToken('t');
    let n = 0;
    mockFetch({
      ...lists,
      'PATCH /api/v1/cases/c-1': () =>
        ++n === 1
          ? problem(422, 'invalid', [{ field: 'expected_release_date', reason: 'not_for_track', detail: 'a non-custodial case has no release date' }])
          : problem(412, 'stale'),
    });
    const reload = vi.fn();
    renderWith(<DetailsTab />, { c: { ...aCase, phase: 'intervention' }, reload });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Expected release date'), '2030-05-01');
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    const msg = await screen.findByText('This does not apply to this kind of case.', { selector: '.field__error' });
    expect(screen.getByLabelText('Expected release date')).toHaveAccessibleDescription(expect.stringContaining(msg.textContent ?? ''));
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    expect(await screen.findByRole('button', { name: 'Reload the latest version' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reload the latest version' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('is read-only for a closed case', () => {
    mockFetch(lists);
    renderWith(<DetailsTab />, { c: { ...aCase, phase: 'closed' } });
    expect(screen.getByText(/This case is closed/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save the details' })).toBeNull();
    expect(screen.getByLabelText('Offence category (ICCS)')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Record the withdrawal' })).toBeNull();
  });

  it('records a withdrawal of consent: a mandated case goes on', async () => {
    setCsrfToken('t');
    const c = { ...aCase, phase: 'intervention' as const, legal_basis: 'court_order' as const };
    const calls = mockFetch({
      ...lists,
      'POST /api/v1/cases/c-1/consent-withdrawal': () => json(201, { case: { ...c, consent_given: false }, closure_request: null }),
    });
    const reload = vi.fn();
    renderWith(<DetailsTab />, { c, etag: '"4"', reload });
    const user = userEvent.setup();
    expect(screen.getByTestId('consent-facts')).toHaveTextContent('Court order');
    expect(screen.getByText(/Participation is mandated: the withdrawal is recorded and the case goes on/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('What the participant said or did'), 'Said in session they no longer agree');
    await user.click(screen.getByRole('button', { name: 'Record the withdrawal' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    const post = calls.find((x) => x.method === 'POST')!;
    expect(post.headers['if-match']).toBe('"4"');
    expect(post.headers['idempotency-key']).toBeTruthy();
    expect(post.body).toMatchObject({ reason: 'Said in session they no longer agree' });
    expect(screen.getByRole('status')).toHaveTextContent('Withdrawal recorded; the case goes on.');
  });
});
