import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { PhaseTab } from './PhaseTab';

const lists = {
  'GET /api/v1/cases/c-1/transitions': () => json(200, { items: [] }),
  'GET /api/v1/closure-reasons': () => json(200, { items: [] }),
};

describe('PhaseTab', () => {
  it('sends If-Match and, on 412, offers to reload the case', async () => {
    setCsrfToken('t');
    const calls = mockFetch({ ...lists, 'POST /api/v1/cases/c-1/transitions': () => problem(412, 'stale') });
    const reload = vi.fn();
    renderWith(<PhaseTab />, { c: aCase, etag: '"7"', reload });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'assessment');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Someone else changed this case');
    expect(calls.find((c) => c.method === 'POST')?.headers['if-match']).toBe('"7"');
    await user.click(screen.getByRole('button', { name: 'Reload the latest version' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('shows a failed guard (422) and says when a change went for approval (202)', async () => {
    setCsrfToken('t');
    let first = true;
    mockFetch({
      ...lists,
      'POST /api/v1/cases/c-1/transitions': () => {
        if (first) {
          first = false;
          return problem(422, 'guard failed', [{ field: 'to', reason: 'guard', detail: 'needs a finalised baseline assessment' }]);
        }
        return json(202, { id: 't-1', to: 'closed', status: 'pending' });
      },
    });
    const reload = vi.fn();
    renderWith(<PhaseTab />, { c: aCase, reload });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'assessment');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    expect(screen.getByLabelText('To')).toHaveAccessibleDescription(await screen.findByText('This was not accepted: check it and try again.', { selector: '.field__error' }).then((e) => e.textContent ?? ''));
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(screen.getByRole('status')).toHaveTextContent('Sent for approval');
  });

  it('lists unmet guards at the phase field, each linked to where it is put right', async () => {
    setCsrfToken('t');
    mockFetch({
      ...lists,
      'POST /api/v1/cases/c-1/transitions': () =>
        problem(422, 'guard failed', [
          { field: 'baseline_assessment', reason: 'missing', detail: 'x' },
          { field: 'plan', reason: 'missing', detail: 'y' },
        ]),
    });
    renderWith(<PhaseTab />, { c: { ...aCase, phase: 'assessment' } });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'intervention');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    const guards = await screen.findByTestId('guards');
    expect(guards).toHaveTextContent('A finalised baseline assessment is needed first.');
    expect(screen.getByRole('link', { name: 'Go to Plans' })).toHaveAttribute('href', '/cases/c-1/plans');
    expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for a reason on recall and shows the aftercare refusal at the closure reason', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/transitions': () => json(200, { items: [] }),
      'GET /api/v1/closure-reasons': () => json(200, { items: [{ code: 'completed', name: 'Completed' }, { code: 'withdrawn', name: 'Withdrawn' }] }),
      'POST /api/v1/cases/c-1/transitions': () =>
        problem(422, 'guard failed', [{ field: 'closure_reason', reason: 'aftercare_not_done', detail: 'z' }]),
    });
    renderWith(<PhaseTab />, { c: { ...aCase, phase: 'reintegration' } });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'intervention');
    expect(screen.getByRole('option', { name: 'Intervention (recall)' })).toBeInTheDocument();
    expect(screen.getByLabelText('Reason (required)')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('To'), 'closed');
    await user.selectOptions(screen.getByLabelText('Closure reason'), await screen.findByRole('option', { name: 'Completed' }));
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    expect(await screen.findByText(/aftercare period has not ended yet/, { selector: '.field__error' })).toBeInTheDocument();
    expect(screen.getByLabelText('Closure reason')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'closed', closure_reason: 'completed' });
  });

  it('offers an optional "why now" for a forward change and sends it', async () => {
    setCsrfToken('t');
    const calls = mockFetch({ ...lists, 'POST /api/v1/cases/c-1/transitions': () => json(202, { id: 't-1', to: 'assessment', status: 'pending' }) });
    renderWith(<PhaseTab />, { c: aCase, reload: vi.fn() });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'assessment');
    const why = screen.getByLabelText('Why now (optional)');
    expect(why).toHaveAccessibleDescription(/why the case is ready for this change now/);
    await user.type(why, 'Baseline done and plan agreed with him.');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ to: 'assessment', reason: 'Baseline done and plan agreed with him.' }));
  });
});
