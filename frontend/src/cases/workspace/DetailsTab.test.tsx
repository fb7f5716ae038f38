import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { DetailsTab } from './DetailsTab';

const lists = {
  'GET /api/v1/offence-categories': () => json(200, { items: [{ code: '0903', level: 2, name: 'Terrorism' }] }),
  'GET /api/v1/facilities': () =>
    json(200, {
      items: [
        { id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '2025-01-01T00:00:00Z' },
        { id: 'f-2', country: 'XA', name: 'Riverside', kind: 'prison', created_at: '2025-01-01T00:00:00Z' },
        { id: 'f-3', country: 'XB', name: 'Harbour', kind: 'prison', created_at: '2025-01-01T00:00:00Z' },
      ],
    }),
  'GET /api/v1/programmes': () => json(200, { items: [] }),
};

describe('DetailsTab', () => {
  it('sends only what changed, with If-Match, null for an emptied field', async () => {
    setCsrfToken('t');
    const c = { ...aCase, phase: 'pre_release' as const, release_type: 'parole' as const };
    const calls = mockFetch({ ...lists, 'PATCH /api/v1/cases/c-1': () => json(200, c) });
    const reload = vi.fn();
    renderWith(<DetailsTab />, { c, etag: '"9"', reload });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Expected release date'), '2030-05-01');
    await user.selectOptions(screen.getByLabelText('Release type'), '');
    // Only the same country's facilities are offered for a transfer.
    await screen.findByRole('option', { name: 'Riverside' });
    expect(screen.queryByRole('option', { name: 'Harbour' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    const patch = calls.find((x) => x.method === 'PATCH')!;
    expect(patch.headers['if-match']).toBe('"9"');
    expect(patch.body).toEqual({ expected_release_date: '2030-05-01', release_type: null });
    expect(screen.getByRole('status')).toHaveTextContent('Case details saved.');
  });

  it('keeps the actual release closed before pre-release, and shows 422 at the field and 412 with a reload', async () => {
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
    expect(screen.getByLabelText('Actual release date')).toBeDisabled();
    await user.type(screen.getByLabelText('Expected release date'), '2030-05-01');
    await user.click(screen.getByRole('button', { name: 'Save the details' }));
    const msg = await screen.findByText('a non-custodial case has no release date', { selector: '.field__error' });
    expect(screen.getByLabelText('Expected release date')).toHaveAccessibleDescription(msg.textContent ?? '');
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
  });
});
