import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import type { Assessment } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
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
    await user.click(await screen.findByRole('button', { name: 'Edit the draft of 2025-02-01' }));
    await screen.findByRole('heading', { name: 'Edit the draft of 2025-02-01' });
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
    expect(screen.queryByRole('button', { name: /Edit the draft/ })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Correct the assessment of 2025-02-01' }));
    await screen.findByText(/A final assessment is never changed/);
    await screen.findByLabelText('Rating: A1');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ supersedes: 'a-1', overall: 'high', instrument_version: '1' });
  });
});
