import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { ReintegrationTab } from './ReintegrationTab';

const withETag = (body: unknown, etag: string) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ETag: etag } });

const approved = {
  planned_release: '2025-09-01',
  release_type: 'parole',
  supervising_agency: 'Probation service',
  version: 4,
  updated_by: 'u-prac',
  updated_at: '2025-03-01T00:00:00Z',
  decided_at: '2025-03-02T00:00:00Z',
  items: [{ area: 'housing', status: 'in_progress', description: 'Hostel place requested' }],
};

const revision = {
  ...approved,
  case_id: 'c-1',
  status: 'draft',
  release_type: 'conditional',
  version: 6,
  decided_at: null,
  items: [
    { area: 'housing', status: 'in_place', description: 'Hostel place confirmed' },
    { area: 'work_education', status: 'in_progress', description: 'Workshop place' },
  ],
  in_force: approved,
};

describe('ReintegrationTab', () => {
  it('shows the plan in force and its revision apart, and discards the revision after asking', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/reintegration-plan': () => withETag(revision, '"6"'),
      'POST /api/v1/cases/c-1/reintegration-plan/discard': () => json(200, { ...approved, case_id: 'c-1', status: 'approved', version: 7, in_force: null }),
    });
    const reload = vi.fn();
    renderWith(<ReintegrationTab />, { c: { ...aCase, phase: 'pre_release' }, reload });
    const inForce = await screen.findByTestId('reintegration-in-force');
    expect(within(inForce).getByRole('heading')).toHaveTextContent('Plan in force (approved version 4)');
    expect(inForce).toHaveTextContent('Parole');
    expect(inForce).toHaveTextContent('Hostel place requested');
    expect(inForce).not.toHaveTextContent('Workshop place');
    const rev = screen.getByTestId('reintegration-revision');
    expect(rev).toHaveTextContent('Hostel place confirmed');
    expect(rev).toHaveTextContent('Workshop place');
    expect(screen.getByTestId('reintegration-status')).toHaveTextContent('Revision: Draft (version 6)');
    expect(screen.getByRole('heading', { name: 'Revise the reintegration plan' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Discard the revision' }));
    expect(calls.some((c) => c.url.endsWith('/discard'))).toBe(false); // asked first
    await user.click(screen.getByRole('button', { name: 'Yes, discard it' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/cases/c-1/reintegration-plan/discard');
    expect(post.headers['if-match']).toBe('"6"');
  });

  it('says that revising an approved plan keeps it in force, and offers no form while a decision is awaited', async () => {
    setCsrfToken('t');
    let current: object = { ...approved, case_id: 'c-1', status: 'approved', in_force: null };
    mockFetch({ 'GET /api/v1/cases/c-1/reintegration-plan': () => withETag(current, '"4"') });
    const { unmount } = renderWith(<ReintegrationTab />, { c: { ...aCase, phase: 'pre_release' } });
    expect(await screen.findByTestId('reintegration-in-force')).toHaveTextContent('Plan in force (approved version 4)');
    expect(screen.queryByTestId('reintegration-revision')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Revise the reintegration plan' })).toBeInTheDocument();
    expect(screen.getByText(/The approved plan stays in force until a supervisor approves the new draft/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Discard the revision' })).toBeNull();
    unmount();

    current = { ...revision, status: 'submitted', version: 7 };
    renderWith(<ReintegrationTab />, { c: { ...aCase, phase: 'pre_release' } });
    expect(await screen.findByText(/waiting for a supervisor's decision/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save the plan' })).toBeNull();
    expect(screen.getByTestId('reintegration-in-force')).toBeInTheDocument();
  });
});
