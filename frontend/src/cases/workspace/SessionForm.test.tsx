import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWith } from '../../test/renderWith';
import { SessionForm } from './SessionForm';

describe('SessionForm identifier screening', () => {
  it('warns, asks for confirmation, and resubmits with acknowledge_identifiers', async () => {
    setCsrfToken('t');
    let n = 0;
    const calls = mockFetch({
      'GET /api/v1/intervention-types': () =>
        json(200, { items: [{ code: 'mentoring', name: 'Mentoring', description: '', practices: ['GP14'], created_at: '' }] }),
      'POST /api/v1/cases/c-1/sessions': (call) => {
        n++;
        if (!(call.body as { acknowledge_identifiers?: boolean }).acknowledge_identifiers)
          return problem(422, 'may contain identifiers', [
            {
              field: 'notes',
              reason: 'identifier_suspected',
              detail: 'may contain identifiers (phone “0612345678”); remove them, or confirm with acknowledge_identifiers: true',
              findings: [{ kind: 'phone', text: '0612345678' }],
            },
          ]);
        return json(201, { id: 's-1' });
      },
    });
    const onSaved = vi.fn();
    renderWith(<SessionForm caseId="c-1" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Call him on 0612345678');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));

    expect(await screen.findByText(/This text may identify a person/)).toBeInTheDocument();
    // The warning quotes what was flagged, so the author can judge it.
    const warning = screen.getByText(/This text may identify a person/).closest('.identifier-warning') as HTMLElement;
    expect(within(warning).getByRole('listitem')).toHaveTextContent('0612345678 (a phone number)');
    expect(screen.getByLabelText('Notes')).toHaveAccessibleDescription(/may contain identifying details: “.0612345678.”/);
    expect(onSaved).not.toHaveBeenCalled();

    // Saving again without confirming is refused again.
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await waitFor(() => expect(n).toBe(2));
    expect(onSaved).not.toHaveBeenCalled();

    await user.click(await screen.findByLabelText('I confirm this text contains no identifying details'));
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());

    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(posts[2]?.body).toMatchObject({ notes: 'Call him on 0612345678', acknowledge_identifiers: true });
    // A different body is a different request: a new Idempotency-Key.
    expect(posts[2]?.headers['idempotency-key']).not.toBe(posts[0]?.headers['idempotency-key']);
    expect(screen.queryByText(/This text may identify a person/)).not.toBeInTheDocument();
  });
});
