import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch, problem } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { IntakeForm } from './IntakeForm';

const catalogue = {
  'GET /api/v1/facilities': () => json(200, { items: [{ id: 'f-1', country: 'XA', name: 'Northgate Prison', kind: 'prison', created_at: '' }] }),
  'GET /api/v1/programmes': () =>
    json(200, { items: [{ id: 'p-1', country: 'XA', name: 'Arcadia', description: '', aftercare_months: 12, created_at: '' }] }),
  'GET /api/v1/offence-categories': () => json(200, { items: [{ code: '0901', level: 2, name: 'Terrorism' }] }),
};

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(await screen.findByLabelText('Programme'), 'p-1');
  await user.selectOptions(await screen.findByLabelText('Facility'), 'f-1');
  await user.type(screen.getByLabelText('Year of birth'), '1990');
  await user.selectOptions(screen.getByLabelText('Gender'), 'male');
  await user.type(screen.getByLabelText(/^Nationality/), 'xa');
  await user.click(screen.getByLabelText('The participant has given informed consent'));
}

describe('IntakeForm', () => {
  it('shows the 422 problems at their fields, tied with aria-describedby', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      ...catalogue,
      'POST /api/v1/cases': () =>
        problem(422, 'invalid', [
          { field: 'participant.birth_year', reason: 'out_of_range', detail: 'the participant is 10 to 100 years old' },
          { field: 'consent_date', reason: 'required', detail: 'is required' },
        ]),
    });
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));

    const year = screen.getByLabelText('Year of birth');
    expect(await screen.findAllByText('the participant is 10 to 100 years old')).not.toHaveLength(0);
    expect(year).toHaveAttribute('aria-invalid', 'true');
    expect(year).toHaveAccessibleDescription('the participant is 10 to 100 years old');
    expect(screen.getByLabelText('Date of consent')).toHaveAccessibleDescription('This is required.');
    expect(screen.getByRole('alert')).toHaveTextContent('There is a problem');
    expect(screen.getByRole('alert')).toHaveFocus();

    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ programme_id: 'p-1', facility_id: 'f-1', participant: { birth_year: 1990, nationality: 'XA' } });
    expect(post?.headers['idempotency-key']).toBeTruthy();
  });

  it('names the open case of a duplicate (409)', async () => {
    setCsrfToken('t');
    mockFetch({
      ...catalogue,
      'POST /api/v1/cases': () =>
        json(409, { type: 'x', title: 'Conflict', status: 409, detail: 'open case exists', pseudonym: 'PW-AAAA-B' }, 'application/problem+json'),
    });
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This person already has an open case: PW-AAAA-B.');
  });
});
