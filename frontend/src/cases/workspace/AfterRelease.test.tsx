import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/csrf';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import i18n from '../../i18n';
import { FollowUpsTab } from './FollowUpsTab';
import { PhaseTab } from './PhaseTab';
import { ReleasesTab } from './ReleasesTab';

const point = (id: string, months: number, due: string, state: string, extra: object = {}) => ({
  id, case_id: 'c-1', release_id: 'r-2', anchor: 'release', anchor_on: '2025-01-10', months, due_on: due, status: state === 'reached' ? 'reached' : state === 'not_reached' ? 'not_reached' : 'open',
  state, follow_up_id: null, not_reached_reason: null, closed_on: null, closed_by: null, ...extra,
});

describe('ReleasesTab', () => {
  it('shows every release with its recall, and records a release in pre-release with If-Match', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/releases': () =>
        json(200, {
          items: [
            { id: 'r-1', case_id: 'c-1', number: 1, released_on: '2024-01-10', release_type: 'parole', type_group: 'conditional', supervising_agency: 'Probation',
              conditions: 'Weekly reporting', status: 'recalled', entered_on: '2024-01-10', recall: { on: '2024-06-01', reason: 'breach_of_conditions', outcome: null, phase_change_id: 'pc' },
              recorded_by: 'practitioner', created_at: '2024-01-10T00:00:00Z' },
          ],
        }),
      'POST /api/v1/cases/c-1/releases': () => json(201, {}),
      'PATCH /api/v1/cases/c-1/releases/r-1': () => json(200, {}),
    });
    const reload = vi.fn();
    renderWith(<ReleasesTab />, { c: { ...aCase, phase: 'pre_release' }, etag: '"5"', reload });
    const user = userEvent.setup();
    const table = await screen.findByTestId('releases');
    // A sentence, starting with a capital (trial 16, M20); the release date as the language writes it, in <time>.
    expect(table).toHaveTextContent('Recalled on 1 Jun 2024 (Breach of conditions). Then: Not known yet.');
    expect(within(table).getByText('10 Jan 2024').closest('time')).toHaveAttribute('dateTime', '2024-01-10');
    expect(table.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // What followed the recall, said later.
    await user.selectOptions(screen.getByLabelText('What followed the recall of release 1'), 'new_sentence');
    await user.click(screen.getByRole('button', { name: 'Save what followed release 1' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ recall_outcome: 'new_sentence' });
    // The second release.
    await user.clear(screen.getByLabelText('Release date'));
    await user.type(screen.getByLabelText('Release date'), '2025-01-10');
    await user.selectOptions(screen.getByLabelText('Release type'), 'conditional');
    await user.type(screen.getByLabelText('Conditions'), 'Curfew at night');
    await user.click(screen.getByRole('button', { name: 'Save the release' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.headers['if-match']).toBe('"5"');
    expect(post.body).toEqual({ released_on: '2025-01-10', release_type: 'conditional', conditions: 'Curfew at night' });
  });
});

describe('FollowUpsTab', () => {
  it('lists the points with their due dates, records a follow-up against a point, and closes one as not reached', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/follow-up-points': () =>
        json(200, {
          items: [
            point('p3', 3, '2025-04-10', 'reached', { follow_up_id: 'f-1', closed_on: '2025-04-12' }),
            point('p6', 6, '2025-07-10', 'overdue'),
            point('p12', 12, '2026-01-10', 'scheduled'),
          ],
        }),
      'GET /api/v1/cases/c-1/follow-ups': () => json(200, { items: [] }),
      'POST /api/v1/cases/c-1/follow-ups': () => json(201, {}),
      'POST /api/v1/cases/c-1/follow-up-points/p12/not-reached': () => json(200, {}),
    });
    const reload = vi.fn();
    renderWith(<FollowUpsTab />, { c: { ...aCase, phase: 'reintegration' }, etag: '"8"', reload });
    const user = userEvent.setup();
    const table = await screen.findByTestId('follow-up-points');
    expect(within(table).getByText('6 months').closest('tr')).toHaveTextContent('10 Jul 2025Overdue');
    expect(within(table).queryByRole('button', { name: /3 months/ })).toBeNull(); // reached: nothing to do
    await user.click(within(table).getByRole('button', { name: 'Record: 6 months, due 10 Jul 2025' }));
    expect(screen.getByLabelText('Follow-up point')).toHaveValue('p6');
    await user.selectOptions(screen.getByLabelText('Supervision compliance'), 'compliant');
    await user.selectOptions(screen.getByLabelText('New offence'), 'none');
    await user.click(screen.getByRole('button', { name: 'Save the follow-up' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/follow-ups'))!.body).toMatchObject({ point_id: 'p6', supervision_compliance: 'compliant', new_offence: 'none' });

    await user.click(within(table).getByRole('button', { name: 'Not reached: 12 months, due 10 Jan 2026' }));
    const form = screen.getByRole('form', { name: 'Not reached: 12 months, due 10 Jan 2026' });
    await user.selectOptions(within(form).getByLabelText('Why it was not reached'), 'moved_abroad');
    await user.click(within(form).getByRole('button', { name: 'Close the point' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
    const close = calls.find((c) => c.url.endsWith('/not-reached'))!;
    expect(close.headers['if-match']).toBe('"8"');
    expect(close.body).toMatchObject({ reason: 'moved_abroad' });
  });

  it('says a point reached after its due date was late, and by how many days, in each language (trial 16, M12)', async () => {
    mockFetch({
      'GET /api/v1/cases/c-1/follow-up-points': () =>
        json(200, {
          items: [
            point('p6', 6, '2026-04-09', 'reached', { follow_up_id: 'f-0', closed_on: '2026-04-09' }),
            point('p12', 12, '2026-10-09', 'reached', { follow_up_id: 'f-1', closed_on: '2026-12-04' }),
          ],
        }),
      'GET /api/v1/cases/c-1/follow-ups': () =>
        json(200, { items: [{ id: 'f-1', case_id: 'c-1', point_id: 'p12', held_on: '2026-12-04', months_since_release: 19, housing: 'stable',
          work_education: 'employed', family_contact: 'regular', supervision_compliance: 'compliant', new_offence: 'none' }] }),
    });
    renderWith(<FollowUpsTab />, { c: { ...aCase, phase: 'reintegration' } });
    const table = await screen.findByTestId('follow-up-points');
    const row = (months: string) => within(table).getByText(months).closest('tr')!;
    expect(row('12 months')).toHaveTextContent('Reached (4 Dec 2026) Late: 56 days after the due date.');
    expect(within(row('12 months')).getByText('4 Dec 2026').closest('time')).toHaveAttribute('dateTime', '2026-12-04');
    expect(within(row('6 months')).queryByTestId('recorded-late')).toBeNull(); // on the day: not late
    // No ISO date as text anywhere in the tab (trial 16, M2).
    expect(await screen.findByTestId('follow-ups')).toHaveTextContent('4 Dec 2026');
    expect(screen.getByRole('region', { name: 'Follow-ups' }).textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    try {
      await act(() => i18n.changeLanguage('fr'));
      expect(within(row('12 mois')).getByTestId('recorded-late')).toHaveTextContent('En retard : 56 jours après la date prévue.');
      await act(() => i18n.changeLanguage('ar'));
      expect(within(table).getAllByTestId('recorded-late')[0]).toHaveTextContent(/^متأخرة: بعد تاريخ الاستحقاق بـ(56|٥٦) يومًا\.$/);
    } finally {
      await act(() => i18n.changeLanguage('en'));
    }
  });

  // Trial 17, M11: "Supervision compliance: Compliant" and "New offence: None" were preset, so a
  // follow-up saved without a look recorded a good outcome nobody had checked.
  it('starts the compliance and new-offence outcomes unset, and sends none not chosen', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/follow-up-points': () => json(200, { items: [point('p6', 6, '2025-07-10', 'overdue')] }),
      'GET /api/v1/cases/c-1/follow-ups': () => json(200, { items: [] }),
      // The server's own rule (api/openapi.yaml: both are required).
      'POST /api/v1/cases/c-1/follow-ups': (call) => {
        const b = call.body as Record<string, unknown>;
        const missing = ['supervision_compliance', 'new_offence'].filter((k) => !(k in b));
        return missing.length ? problem(422, 'invalid', missing.map((field) => ({ field, reason: 'required', detail: 'x' }))) : json(201, {});
      },
    });
    const reload = vi.fn();
    renderWith(<FollowUpsTab />, { c: { ...aCase, phase: 'reintegration' }, reload });
    const compliance = await screen.findByLabelText('Supervision compliance');
    const offence = screen.getByLabelText('New offence');
    expect(compliance).toHaveValue('');
    expect(offence).toHaveValue('');
    expect(within(compliance).getAllByRole('option')[0]).toHaveTextContent('Choose…');
    expect(screen.getByLabelText('Housing')).toHaveValue('unknown');
    expect(screen.queryByLabelText('Offence category', { exact: false })).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save the follow-up' }));
    await waitFor(() => expect(compliance).toHaveAttribute('aria-invalid', 'true'));
    expect(offence).toHaveAttribute('aria-invalid', 'true');
    const sent = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(sent).not.toHaveProperty('supervision_compliance');
    expect(sent).not.toHaveProperty('new_offence');
    expect(reload).not.toHaveBeenCalled();

    await user.selectOptions(compliance, 'minor_breach');
    await user.selectOptions(offence, 'none');
    await user.click(screen.getByRole('button', { name: 'Save the follow-up' }));
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(calls.filter((c) => c.method === 'POST')[1]!.body).toMatchObject({ supervision_compliance: 'minor_breach', new_offence: 'none' });
  });

  it('says when follow-ups start and when recording has ended', async () => {
    mockFetch({
      'GET /api/v1/cases/c-1/follow-up-points': () => json(200, { items: [] }),
      'GET /api/v1/cases/c-1/follow-ups': () => json(200, { items: [] }),
    });
    renderWith(<FollowUpsTab />, { c: { ...aCase, phase: 'intervention', track: 'non_custodial' } });
    expect(await screen.findByText(/start when its intervention ends/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save the follow-up' })).toBeNull();
  });
});

describe('PhaseTab recall', () => {
  it('sends the recall (date, reason, what followed) with a recall, and offers the way back from pre-release', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      'GET /api/v1/cases/c-1/transitions': () => json(200, { items: [] }),
      'GET /api/v1/closure-reasons': () => json(200, { items: [] }),
      'POST /api/v1/cases/c-1/transitions': () => json(202, { id: 't', to: 'intervention', status: 'pending' }),
    });
    renderWith(<PhaseTab />, { c: { ...aCase, phase: 'reintegration' } });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('To'), 'intervention');
    await user.clear(screen.getByLabelText('Date of the recall'));
    await user.type(screen.getByLabelText('Date of the recall'), '2025-06-01');
    await user.selectOptions(screen.getByLabelText('Reason for the recall'), 'new_offence');
    await user.selectOptions(screen.getByLabelText('What followed'), 'remanded');
    await user.type(screen.getByLabelText('Reason (required)'), 'Arrested for a new offence');
    await user.click(screen.getByRole('button', { name: 'Request the change' }));
    await user.click(screen.getByRole('button', { name: 'Yes, request it' }));
    await screen.findByText(/Sent for approval/);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      to: 'intervention', reason: 'Arrested for a new offence', recall: { on: '2025-06-01', reason: 'new_offence', outcome: 'remanded' },
    });
  });

  it('offers the way back from pre-release, with a reason', () => {
    mockFetch({
      'GET /api/v1/cases/c-1/transitions': () => json(200, { items: [] }),
      'GET /api/v1/closure-reasons': () => json(200, { items: [] }),
    });
    renderWith(<PhaseTab />, { c: { ...aCase, phase: 'pre_release' } });
    expect(screen.getByRole('option', { name: 'Intervention (back: parole refused or release postponed)' })).toBeInTheDocument();
  });
});
