import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch, problem } from '../test/fetchMock';
import { BrowserEventOrder } from '../test/browserEventOrder';
import { aCase, renderWith } from '../test/renderWith';
import { GroupSessionPage } from './GroupSessionPage';

const b = { ...aCase, id: 'c-2', pseudonym: 'PW-B', phase: 'intervention' as const };
const closed = { ...aCase, id: 'c-3', pseudonym: 'PW-C', phase: 'closed' as const };

describe('GroupSessionPage', () => {
  it('records one session for the chosen cases, each with attendance and engagement, past the identifier warning', async () => {
    setCsrfToken('t');
    let n = 0;
    const calls = mockFetch({
      'GET /api/v1/facilities': () => json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: true }] }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'cbt', name: 'Cognitive skills', practices: [] }] }),
      'GET /api/v1/cases?facility_id=f-1&limit=200': () => json(200, { items: [aCase, b, closed] }),
      'POST /api/v1/sessions': () =>
        ++n === 1
          ? problem(422, 'screen', [
              { field: 'notes', reason: 'identifier_suspected', detail: 'a name after a title' },
              { field: 'participants[1].engagement', reason: 'not_present', detail: 'only when attended or late' },
            ])
          : json(201, { id: 's-1', participants: [{}, {}] }),
    });
    renderWith(<GroupSessionPage />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Facility'), await screen.findByRole('option', { name: 'Northgate' }));
    await screen.findByLabelText('PW-B');
    expect(screen.queryByLabelText('PW-C')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Intervention type'), await screen.findByRole('option', { name: 'Cognitive skills' }));
    await user.click(screen.getByLabelText('PW-7K3Q-X'));
    await user.click(screen.getByLabelText('PW-B'));
    await user.selectOptions(screen.getByLabelText('Attendance of PW-7K3Q-X'), 'late');
    await user.selectOptions(screen.getByLabelText('Engagement of PW-7K3Q-X'), '3');
    await user.type(screen.getByLabelText('Notes'), 'Led by Mr Haddad.');
    await user.click(screen.getByRole('button', { name: 'Save the group session' }));
    expect(await screen.findByText('Engagement is rated only for participants who attended or came late.', { selector: '.field__error' })).toBeInTheDocument();
    await user.click(screen.getByLabelText('I confirm this text contains no identifying details'));
    await user.click(screen.getByRole('button', { name: 'Save the group session' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Participants: 2.'));
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts[0]!.body).toMatchObject({
      intervention_type: 'cbt',
      format: 'group',
      participants: [
        { case_id: 'c-1', attendance: 'late', engagement: 3 },
        { case_id: 'c-2', attendance: 'attended' },
      ],
    });
    expect(posts[1]!.body).toMatchObject({ acknowledge_identifiers: true });
  });

  it('starts at the only facility, offers no "Individual" format, and names the participants recorded (trial 16, M8)', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/facilities': () =>
        json(200, {
          items: [
            { id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: true },
            { id: 'f-2', country: 'XA', name: 'Riverside', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: false },
          ],
        }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'cbt', name: 'Cognitive skills', practices: [] }] }),
      'GET /api/v1/cases?facility_id=f-1&limit=200': () => json(200, { items: [aCase, b] }),
      'POST /api/v1/sessions': () =>
        json(201, { id: 's-1', participants: [{ case_id: 'c-1', attendance: 'attended' }, { case_id: 'c-2', attendance: 'attended' }] }),
    });
    renderWith(<GroupSessionPage />);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByLabelText('Facility')).toHaveDisplayValue('Northgate'));
    await screen.findByLabelText('PW-B');
    const formats = within(screen.getByLabelText('Format')).getAllByRole('option').map((o) => o.textContent);
    expect(formats).toEqual(['Group', 'Family']);
    await user.selectOptions(screen.getByLabelText('Intervention type'), await screen.findByRole('option', { name: 'Cognitive skills' }));
    await user.click(screen.getByLabelText('PW-7K3Q-X'));
    await user.click(screen.getByLabelText('PW-B'));
    await user.click(screen.getByRole('button', { name: 'Save the group session' }));
    const status = await screen.findByTestId('group-saved');
    await waitFor(() => expect(status).toHaveTextContent('Group session recorded. Participants: 2.'));
    const links = within(within(status).getByRole('list', { name: 'Recorded for:' })).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['PW-7K3Q-X', '/cases/c-1/sessions'],
      ['PW-B', '/cases/c-2/sessions'],
    ]);
  });

  it('keeps every edit of the flagged notes after the identifier warning (trial 16, S6)', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/facilities': () => json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: true }] }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [{ code: 'cbt', name: 'Cognitive skills', practices: [] }] }),
      'GET /api/v1/cases?facility_id=f-1&limit=200': () => json(200, { items: [aCase, b] }),
      'POST /api/v1/sessions': () => problem(422, 'screen', [{ field: 'notes', reason: 'identifier_suspected', detail: 'a name after a title' }]),
    });
    renderWith(
      <BrowserEventOrder>
        <GroupSessionPage />
      </BrowserEventOrder>,
    );
    const user = userEvent.setup();
    await screen.findByLabelText('PW-B');
    await user.selectOptions(screen.getByLabelText('Intervention type'), await screen.findByRole('option', { name: 'Cognitive skills' }));
    await user.click(screen.getByLabelText('PW-B'));
    await user.type(screen.getByLabelText('Notes'), 'Led by Mr Haddad.');
    await user.click(screen.getByRole('button', { name: 'Save the group session' }));
    await screen.findByTestId('identifier-warning');
    await user.tripleClick(screen.getByLabelText('Notes'));
    await user.keyboard('Led by the facilitator.');
    expect(screen.getByLabelText('Notes')).toHaveValue('Led by the facilitator.');
  });
});
