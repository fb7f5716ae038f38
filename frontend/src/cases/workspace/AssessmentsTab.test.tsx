import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import type { Assessment } from '../../api/types';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { AssessmentsTab } from './AssessmentsTab';

const instrument = {
  code: 'OPEN', version: '1', name: 'Open', licence: 'open', review_interval_days: 180,
  definition: { scale: { min: 0, max: 2 }, domains: [{ code: 'D', name: 'Domain', items: [{ code: 'A1', polarity: 'risk' }, { code: 'A2', polarity: 'protective' }] }] },
};
const base: Assessment = {
  id: 'a-1', case_id: 'c-1', instrument_code: 'OPEN', instrument_version: '1', occasion: 'baseline', status: 'draft',
  assessed_on: '2025-02-01', overall: null, rationale: '', next_review_date: null, supersedes: null, assessor_id: 'u-prac',
  created_at: '2025-02-01T00:00:00Z', finalised_at: null, ratings: [{ item_code: 'A1', rating: 2 }], version: 3,
};

function routes(a: Assessment) {
  return {
    'GET /api/v1/cases/c-1/assessments': () => json(200, { items: [a] }),
    'GET /api/v1/instruments': () => json(200, { items: [instrument] }),
    'GET /api/v1/instruments/OPEN?version=1': () => json(200, instrument),
    'GET /api/v1/instruments/OPEN': () => json(200, instrument),
  };
}

describe('AssessmentsTab', () => {
  it('revises a draft with PUT, starting from what it holds and naming the version it read', async () => {
    setCsrfToken('t');
    const calls = mockFetch({ ...routes(base), 'PUT /api/v1/cases/c-1/assessments/a-1': () => json(200, base) });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Continue the draft of 1 Feb 2025' }));
    await screen.findByRole('heading', { name: 'Edit the draft of 1 Feb 2025' });
    const a1 = await screen.findByLabelText('Rating: A1');
    expect(a1).toHaveValue('2');
    await user.selectOptions(screen.getByLabelText('Rating: A2'), 'not_rated');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.headers['if-match']).toBe('"3"');
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({
      assessed_on: '2025-02-01',
      ratings: [{ item_code: 'A1', rating: 2 }, { item_code: 'A2', not_rated: true }],
    });
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('corrects a final assessment with a new one that supersedes it', async () => {
    setCsrfToken('t');
    const final = { ...base, status: 'final' as const, overall: 'high' as const, finalised_at: '2025-02-01T00:00:00Z' };
    const calls = mockFetch({ ...routes(final), 'POST /api/v1/cases/c-1/assessments': () => json(201, { ...final, id: 'a-2', status: 'draft' }) });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'intervention' } });
    const user = userEvent.setup();
    expect(screen.queryByRole('button', { name: /Continue the draft/ })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Correct the assessment of 1 Feb 2025' }));
    await screen.findByText(/A final assessment is never changed/);
    await screen.findByLabelText('Rating: A1');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ supersedes: 'a-1', overall: 'high', instrument_version: '1' });
  });

  it('reads a final assessment back without changing it: ratings, evidence, judgement and rationale', async () => {
    setCsrfToken('t');
    const final: Assessment = {
      ...base,
      status: 'final',
      overall: 'moderate',
      rationale: 'Engaged in the first interviews; needs in family ties.',
      next_review_date: '2025-08-01',
      finalised_at: '2025-02-01T00:00:00Z',
      ratings: [
        { item_code: 'A1', rating: 2, evidence: 'Spoke of the offence with remorse.' },
        { item_code: 'A2', not_rated: true },
      ],
    };
    const calls = mockFetch(routes(final));
    const { container } = renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'intervention' } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Read the assessment of 1 Feb 2025' }));
    const view = await screen.findByTestId('assessment-view');
    expect(within(view).getByRole('heading', { name: 'Assessment of 1 Feb 2025: Final' })).toBeInTheDocument();
    expect(within(view).getByText('Moderate')).toBeInTheDocument();
    expect(within(view).getByText('Engaged in the first interviews; needs in family ties.')).toBeInTheDocument();
    expect(within(view).getByText('Spoke of the offence with remorse.')).toBeInTheDocument();
    expect(within(view).getByRole('rowheader', { name: /A2/ }).closest('tr')).toHaveTextContent('Not rated');
    expect(within(view).getByText('1 Aug 2025')).toBeInTheDocument();
    // Reading wrote nothing.
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    const results = await axe.run(container);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('asks before finalising, and a failed finalise keeps one visible draft that the next try updates', async () => {
    setCsrfToken('t');
    const created = { ...base, id: 'a-9', version: 1, ratings: [] };
    let listed: Assessment[] = [];
    const calls = mockFetch({
      ...routes(base),
      'GET /api/v1/cases/c-1/assessments': () => json(200, { items: listed }),
      'POST /api/v1/cases/c-1/assessments': () => {
        listed = [created];
        return json(201, created);
      },
      'POST /api/v1/cases/c-1/assessments/a-9/finalise': () =>
        problem(422, 'x', [{ field: 'overall', reason: 'required', detail: 'an overall judgement is needed to finalise' }]),
      'PUT /api/v1/cases/c-1/assessments/a-9': () => json(200, { ...created, version: 2 }),
    });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' } });
    const user = userEvent.setup();
    await screen.findByLabelText('Rating: A1');
    await user.click(screen.getByRole('button', { name: 'Save and finalise' }));
    // Nothing is sent before the question is answered.
    const question = await screen.findByRole('group', { name: /Finalise this assessment\? .*This cannot be undone\./ });
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Save and finalise' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Save and finalise' }));
    await user.click(screen.getByRole('button', { name: 'Yes, finalise' }));

    await screen.findByTestId('draft-kept');
    // The draft is listed, with its Edit and Finalise buttons.
    await screen.findByRole('button', { name: 'Continue the draft of 1 Feb 2025' });
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/assessments'))).toHaveLength(1);

    // Trying again updates that draft instead of creating another.
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.url).toBe('/api/v1/cases/c-1/assessments/a-9');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/assessments'))).toHaveLength(1);
  });

  it('shows a draft as a draft with Continue and Discard, and discards it only after asking, naming its version', async () => {
    setCsrfToken('t');
    let listed: Assessment[] = [base];
    const calls = mockFetch({
      ...routes(base),
      'GET /api/v1/cases/c-1/assessments': () => json(200, { items: listed }),
      'POST /api/v1/cases/c-1/assessments/a-1/discard': () => {
        listed = [];
        return json(200, { ...base, status: 'discarded', version: 4, discarded_at: '2025-02-02T00:00:00Z', discarded_by: 'u-prac' });
      },
    });
    const reload = vi.fn();
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' }, reload });
    const user = userEvent.setup();
    const row = (await screen.findByRole('button', { name: 'Continue the draft of 1 Feb 2025' })).closest('tr')!;
    expect(within(row).getByText('Draft').tagName).toBe('STRONG');
    await user.click(within(row).getByRole('button', { name: 'Discard the draft of 1 Feb 2025' }));
    const question = await screen.findByRole('group', { name: /Discard the draft of 1 Feb 2025\? .*stays on the record.*This cannot be undone\./ });
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    await user.click(within(question).getByRole('button', { name: 'Yes, discard' }));
    await screen.findByText('Draft discarded.');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/cases/c-1/assessments/a-1/discard');
    expect(post.headers['if-match']).toBe('"3"');
    expect(reload).toHaveBeenCalled();
  });

  it('after a failed Save and finalise, discarding that draft leaves a fresh form that creates a new one', async () => {
    setCsrfToken('t');
    const created = { ...base, id: 'a-9', version: 1, ratings: [] };
    let listed: Assessment[] = [];
    const calls = mockFetch({
      ...routes(base),
      'GET /api/v1/cases/c-1/assessments': () => json(200, { items: listed }),
      'POST /api/v1/cases/c-1/assessments': () => {
        listed = [created];
        return json(201, created);
      },
      'POST /api/v1/cases/c-1/assessments/a-9/finalise': () =>
        problem(422, 'x', [{ field: 'overall', reason: 'required', detail: 'an overall judgement is needed to finalise' }]),
      'POST /api/v1/cases/c-1/assessments/a-9/discard': () => {
        listed = [];
        return json(200, { ...created, status: 'discarded', version: 2 });
      },
    });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' } });
    const user = userEvent.setup();
    await screen.findByLabelText('Rating: A1');
    await user.click(screen.getByRole('button', { name: 'Save and finalise' }));
    await user.click(screen.getByRole('button', { name: 'Yes, finalise' }));
    // The user stays in the form, on that draft, with the problem shown.
    await screen.findByTestId('draft-kept');
    expect(screen.getByLabelText('Overall judgement')).toHaveAttribute('aria-invalid', 'true');
    await user.click(await screen.findByRole('button', { name: 'Discard the draft of 1 Feb 2025' }));
    await user.click(screen.getByRole('button', { name: 'Yes, discard' }));
    await screen.findByText('Draft discarded.');
    await waitFor(() => expect(screen.queryByTestId('draft-kept')).toBeNull());
    // The form no longer writes to the discarded draft: its next save creates a new one.
    await screen.findByLabelText('Rating: A1');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/assessments'))).toHaveLength(2));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('names every item left unrated, links each to its field and marks it there (trial 16, M5)', async () => {
    setCsrfToken('t');
    const three = {
      ...instrument,
      definition: { ...instrument.definition, domains: [{ code: 'D', name: 'Domain', items: [
        { code: 'A1', polarity: 'risk', text: 'Attitudes' }, { code: 'A2', polarity: 'protective', text: 'Family ties' }, { code: 'A3', polarity: 'risk', text: 'Peers' },
      ] }] },
    };
    const created = { ...base, id: 'a-9', version: 1, ratings: [{ item_code: 'A1', rating: 1 }] };
    mockFetch({
      ...routes(base),
      'GET /api/v1/cases/c-1/assessments': () => json(200, { items: [] }),
      'GET /api/v1/instruments': () => json(200, { items: [three] }),
      'GET /api/v1/instruments/OPEN': () => json(200, three),
      'POST /api/v1/cases/c-1/assessments': () => json(201, created),
      'POST /api/v1/cases/c-1/assessments/a-9/finalise': () =>
        problem(422, 'x', [
          { field: 'ratings', reason: 'incomplete', detail: 'item A2 is neither rated nor marked not rated', params: { item: 'A2' } },
          { field: 'ratings', reason: 'incomplete', detail: 'item A3 is neither rated nor marked not rated', params: { item: 'A3' } },
        ]),
    });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' } });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Rating: A1 — Attitudes'), '1');
    await user.click(screen.getByRole('button', { name: 'Save and finalise' }));
    await user.click(screen.getByRole('button', { name: 'Yes, finalise' }));
    await screen.findByTestId('draft-kept');
    const summary = screen.getAllByTestId('error-summary').at(-1)!;
    const lines = within(summary).getAllByRole('listitem').map((li) => li.textContent);
    expect(lines).toEqual([
      'Domain: Rating: A2 — Family ties: Rate this item, or mark it not rated.',
      'Domain: Rating: A3 — Peers: Rate this item, or mark it not rated.',
    ]);
    for (const [item, name] of [['A2', 'Family ties'], ['A3', 'Peers']] as const) {
      const field = screen.getByLabelText(`Rating: ${item} — ${name}`);
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field).toHaveAccessibleDescription(/Rate this item, or mark it not rated\./);
      await user.click(within(summary).getByRole('link', { name: `Domain: Rating: ${item} — ${name}` }));
      expect(field).toHaveFocus();
    }
    expect(screen.getByLabelText('Rating: A1 — Attitudes')).not.toHaveAttribute('aria-invalid');
  });

  it('names the instrument and says the version is its form version (trial 16, M3/M6)', async () => {
    setCsrfToken('t');
    const final = { ...base, status: 'final' as const, overall: 'high' as const, finalised_at: '2025-02-01T00:00:00Z' };
    mockFetch(routes(final));
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'intervention' } });
    const row = (await screen.findByRole('button', { name: /Read the assessment of/ })).closest('tr')!;
    await waitFor(() => expect(row.cells[1]).toHaveTextContent('Open, form version 1'));
    expect(screen.getByTestId('assessments')).not.toHaveTextContent('OPEN 1');
    // Dates as the language writes them, in <time>; none as ISO text (trial 16, M2).
    expect(within(row).getByText('1 Feb 2025').closest('time')).toHaveAttribute('dateTime', '2025-02-01');
    expect(screen.getByRole('region', { name: 'Assessments' }).textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(screen.getByLabelText('Instrument')).toHaveDisplayValue('Open, form version 1');
    await userEvent.setup().click(within(row).getByRole('button', { name: /Read the assessment of/ }));
    expect(within(await screen.findByTestId('assessment-view')).getByText('Open, form version 1')).toBeInTheDocument();
  });

  it('starts a new assessment as a scheduled review once a final baseline exists, as a baseline before (trial 16, M4)', async () => {
    setCsrfToken('t');
    const final = { ...base, status: 'final' as const, overall: 'high' as const, finalised_at: '2025-02-01T00:00:00Z' };
    mockFetch(routes(final));
    const { unmount } = renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'intervention' } });
    await screen.findByRole('button', { name: /Read the assessment of/ });
    await waitFor(() => expect(screen.getByLabelText('Occasion')).toHaveValue('scheduled'));
    unmount();

    mockFetch({ ...routes(base), 'GET /api/v1/cases/c-1/assessments': () => json(200, { items: [] }) });
    renderWith(<AssessmentsTab />, { c: { ...aCase, phase: 'assessment' } });
    expect(await screen.findByLabelText('Occasion')).toHaveValue('baseline');
  });
});
