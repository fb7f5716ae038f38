import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { BrowserEventOrder } from '../../test/browserEventOrder';
import { aCase, renderWith } from '../../test/renderWith';
import { SessionForm } from './SessionForm';
import { SessionsTab } from './SessionsTab';

const flagging = () =>
  mockFetch({
    'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'mentoring', name: 'Mentoring', practices: [] }] }),
    'POST /api/v1/cases/c-1/sessions': (call) =>
      /07700 900123/.test((call.body as { notes?: string }).notes ?? '')
        ? problem(422, 'may contain identifiers', [
            { field: 'notes', reason: 'identifier_suspected', detail: 'x', findings: [{ kind: 'phone', text: '07700 900123' }] },
          ])
        : json(201, { id: 's-1' }),
  });

describe('SessionForm after the identifier warning (trial 16, S6)', () => {
  it('keeps the first keystroke typed into the flagged text', async () => {
    setCsrfToken('t');
    flagging();
    renderWith(
      <BrowserEventOrder>
        <SessionForm caseId="c-1" onSaved={vi.fn()} />
      </BrowserEventOrder>,
    );
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Called his brother on 07700 900123');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await screen.findByTestId('identifier-warning');
    await user.type(screen.getByLabelText('Notes'), 'Z', { initialSelectionStart: 34, initialSelectionEnd: 34 });
    expect(screen.getByLabelText('Notes')).toHaveValue('Called his brother on 07700 900123Z');
  });

  it('replaces the flagged text when it is selected and typed over, and saves the new text', async () => {
    setCsrfToken('t');
    const calls = flagging();
    const onSaved = vi.fn();
    renderWith(
      <BrowserEventOrder>
        <SessionForm caseId="c-1" onSaved={onSaved} />
      </BrowserEventOrder>,
    );
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Called his brother on 07700 900123');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await screen.findByTestId('identifier-warning');
    await user.tripleClick(screen.getByLabelText('Notes'));
    await user.keyboard('Worked on perspective-taking.');
    expect(screen.getByLabelText('Notes')).toHaveValue('Worked on perspective-taking.');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(calls.filter((c) => c.method === 'POST')[1]!.body).toMatchObject({ notes: 'Worked on perspective-taking.' });
  });

  it('keeps a value set in one input event (a paste, a programmatic fill)', async () => {
    setCsrfToken('t');
    flagging();
    renderWith(
      <BrowserEventOrder>
        <SessionForm caseId="c-1" onSaved={vi.fn()} />
      </BrowserEventOrder>,
    );
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Called his brother on 07700 900123');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await screen.findByTestId('identifier-warning');
    await user.clear(screen.getByLabelText('Notes'));
    await user.click(screen.getByLabelText('Notes'));
    await user.paste('Worked on perspective-taking.');
    expect(screen.getByLabelText('Notes')).toHaveValue('Worked on perspective-taking.');
  });
});

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

    // One warning, in the alert at the top of the form: what was found, quoted; why it
    // matters; the two ways on. No API names, no server sentence.
    const warning = await screen.findByTestId('identifier-warning');
    expect(screen.getAllByTestId('identifier-warning')).toHaveLength(1);
    expect(screen.getAllByText(/This text may identify a person\. Nothing was saved\./)).toHaveLength(1);
    expect(screen.getByRole('alert')).toContainElement(warning);
    expect(within(warning).getByRole('listitem')).toHaveTextContent('0612345678 (a phone number)');
    expect(within(warning).getByRole('listitem').querySelector('bdi')).toHaveTextContent('0612345678');
    expect(warning).toHaveTextContent('names a participant only by a pseudonym');
    expect(screen.getByRole('alert').textContent).not.toMatch(/acknowledge_identifiers|phone “|\(phone|notes:/);
    // The field is marked and points to the warning instead of repeating it.
    expect(screen.getByLabelText('Notes')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Notes')).toHaveAccessibleDescription(/see the check at the top of the form/);
    // "Edit the text" and the field's name lead to the text.
    await user.click(within(warning).getByRole('link', { name: 'Edit the text' }));
    expect(screen.getByLabelText('Notes')).toHaveFocus();
    await user.click(within(warning).getByRole('link', { name: 'Notes' }));
    expect(screen.getByLabelText('Notes')).toHaveFocus();
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

  it('withdraws the confirmation when the flagged text is edited, so the new text is checked', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'mentoring', name: 'Mentoring', practices: [] }] }),
      'POST /api/v1/cases/c-1/sessions': () =>
        problem(422, 'may contain identifiers', [
          { field: 'notes', reason: 'identifier_suspected', detail: 'x', findings: [{ kind: 'phone', text: '0612345678' }] },
        ]),
    });
    renderWith(<SessionForm caseId="c-1" onSaved={vi.fn()} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Call him on 0612345678');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await user.click(await screen.findByLabelText('I confirm this text contains no identifying details'));
    await user.type(screen.getByLabelText('Notes'), ' or 0698765432');
    expect(await screen.findByTestId('identifier-edited')).toHaveTextContent('Save again to have it checked.');
    expect(screen.queryByLabelText('I confirm this text contains no identifying details')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'POST')[1]!.body).not.toHaveProperty('acknowledge_identifiers');
  });
});

describe('SessionsTab outcome (trial 16, M7)', () => {
  it('clears the earlier "Session recorded." when the next save is refused', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'mentoring', name: 'Mentoring', practices: [] }] }),
      'GET /api/v1/cases/c-1/sessions': () => json(200, { items: [], next_cursor: null }),
      'POST /api/v1/cases/c-1/sessions': (call) =>
        /07700 900123/.test((call.body as { notes?: string }).notes ?? '')
          ? problem(422, 'may contain identifiers', [
              { field: 'notes', reason: 'identifier_suspected', detail: 'x', findings: [{ kind: 'phone', text: '07700 900123' }] },
            ])
          : json(201, { id: 's-1' }),
    });
    renderWith(<SessionsTab />, { c: { ...aCase, phase: 'intervention' } });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    expect(await screen.findByText('Session recorded.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Intervention type'), 'mentoring');
    await user.type(screen.getByLabelText('Notes'), 'Called his brother on 07700 900123');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await screen.findByTestId('identifier-warning');
    expect(screen.queryByText('Session recorded.')).not.toBeInTheDocument();
  });

  it('writes each session date as the language does, in <time> (trial 16, M2)', async () => {
    mockFetch({
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'mentoring', name: 'Mentoring', practices: [] }] }),
      'GET /api/v1/cases/c-1/sessions': () =>
        json(200, {
          items: [{ id: 's-1', intervention_type: 'mentoring', held_on: '2026-12-04', minutes: 60, format: 'individual', notes: '',
            participants: [{ case_id: 'c-1', attendance: 'attended' }] }],
          next_cursor: null,
        }),
    });
    renderWith(<SessionsTab />, { c: { ...aCase, phase: 'closed' } });
    const table = await screen.findByTestId('sessions');
    expect(within(table).getByText('4 Dec 2026').closest('time')).toHaveAttribute('dateTime', '2026-12-04');
    expect(table.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

// Trial 17, M1: "٤٥" typed on an Arabic keyboard, or "forty", was stripped to nothing and
// refused as "This is required.".
describe('SessionForm minutes', () => {
  it('reads digits of any script as the number they are', async () => {
    setCsrfToken('t');
    const calls = flagging();
    const onSaved = vi.fn();
    renderWith(<SessionForm caseId="c-1" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.clear(screen.getByLabelText('Minutes'));
    await user.type(screen.getByLabelText('Minutes'), '٤٥');
    expect(screen.getByLabelText('Minutes')).toHaveValue('45');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ minutes: 45 });
  });

  it('says a word is not a number, and sends nothing', async () => {
    setCsrfToken('t');
    const calls = flagging();
    renderWith(<SessionForm caseId="c-1" onSaved={vi.fn()} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Intervention type'), 'mentoring');
    await user.clear(screen.getByLabelText('Minutes'));
    await user.type(screen.getByLabelText('Minutes'), 'forty');
    await user.click(screen.getByRole('button', { name: 'Save the session' }));
    const minutes = screen.getByLabelText('Minutes');
    await waitFor(() => expect(minutes).toHaveAttribute('aria-invalid', 'true'));
    expect(minutes).toHaveValue('forty');
    expect(minutes).toHaveAccessibleDescription('Enter a number, in figures (for example 45).');
    expect(screen.queryByText('This is required.')).toBeNull();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
