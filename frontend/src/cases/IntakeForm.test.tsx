import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch, problem } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { IntakeForm } from './IntakeForm';

const catalogue = {
  'GET /api/v1/facilities': () =>
    json(200, {
      items: [
        { id: 'f-1', country: 'XA', name: 'Northgate Prison', kind: 'prison', created_at: '', in_my_scope: true },
        { id: 'f-2', country: 'XA', name: 'Riverside Prison', kind: 'prison', created_at: '', in_my_scope: false },
        { id: 'f-3', country: 'XB', name: 'Harbour Prison', kind: 'prison', created_at: '', in_my_scope: true },
      ],
    }),
  'GET /api/v1/programmes': () =>
    json(200, {
      items: [
        { id: 'p-1', country: 'XA', name: 'Arcadia', description: '', aftercare_months: 12, created_at: '', in_my_scope: true },
        { id: 'p-2', country: 'XC', name: 'Elsewhere', description: '', aftercare_months: 12, created_at: '', in_my_scope: false },
        { id: 'p-3', country: 'XB', name: 'Borealis', description: '', aftercare_months: 12, created_at: '', in_my_scope: true },
      ],
    }),
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
  it('offers only the programmes and facilities where the user works, and only facilities of the chosen programme', async () => {
    mockFetch(catalogue);
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    const programme = await screen.findByLabelText('Programme');
    const facility = screen.getByLabelText('Facility');
    await screen.findByRole('option', { name: 'Northgate Prison' });
    const names = (el: HTMLElement) => Array.from(el.querySelectorAll('option')).map((o) => o.textContent);
    expect(names(programme).slice(1)).toEqual(['Arcadia', 'Borealis']);
    expect(names(facility).slice(1)).toEqual(['Northgate Prison', 'Harbour Prison']);
    await user.selectOptions(facility, 'f-3');
    await user.selectOptions(programme, 'p-1');
    // Harbour is in another country than Arcadia: no longer offered, no longer chosen.
    expect(names(facility).slice(1)).toEqual(['Northgate Prison']);
    expect((facility as HTMLSelectElement).value).toBe('');
  });

  it('shows the 422 problems at their fields, tied with aria-describedby', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      ...catalogue,
      'POST /api/v1/cases': () =>
        problem(422, 'invalid', [
          {
            field: 'participant.birth_year',
            reason: 'out_of_range',
            detail: 'the participant must be 10 to 100 years old at intake',
            params: { min: '1926', max: '2016' },
          },
          { field: 'consent_date', reason: 'required', detail: 'is required' },
          { field: 'offence_category', reason: 'max', detail: 'must be at most 6', params: { limit: '6', type: 'text' } },
        ]),
    });
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Open the case' }));

    // At the field, in plain words with the rule's own years; never the server's sentence.
    const year = screen.getByLabelText('Year of birth');
    const plain = 'Enter a year of birth from 1926 to 2016: a participant is 10 to 100 years old at intake.';
    expect(await screen.findByText(plain, { selector: '.field__error' })).toBeInTheDocument();
    expect(year).toHaveAttribute('aria-invalid', 'true');
    expect(year).toHaveAccessibleDescription(plain);
    expect(screen.getByLabelText('Date of consent')).toHaveAccessibleDescription('This is required.');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('There is a problem');
    expect(alert).toHaveFocus();
    for (const code of ['participant.birth_year', 'birth_year', 'consent_date', 'offence_category', 'must be at most', '10 to 100 years old at intake'])
      expect(alert.textContent).not.toContain(code === '10 to 100 years old at intake' ? 'must be 10 to 100' : code);

    // The summary names each field by its label and links to it.
    const link = within(alert).getByRole('link', { name: 'Year of birth' });
    expect(link.closest('li')).toHaveTextContent(`Year of birth: ${plain}`);
    await user.click(link);
    expect(year).toHaveFocus();
    await user.click(within(alert).getByRole('link', { name: 'Date of consent' }));
    expect(screen.getByLabelText('Date of consent')).toHaveFocus();
    expect(within(alert).getByRole('link', { name: 'Offence category (ICCS)' }).closest('li')).toHaveTextContent(
      'Offence category (ICCS): Choose an offence category from the list.',
    );

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

  it('takes a mandated participant without consent, and leaves the consent date out', async () => {
    setCsrfToken('t');
    const calls = mockFetch({ ...catalogue, 'POST /api/v1/cases': () => json(201, { id: 'c-9', pseudonym: 'PW-X' }) });
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Programme'), 'p-1');
    await user.selectOptions(await screen.findByLabelText('Facility'), 'f-1');
    await user.type(screen.getByLabelText('Year of birth'), '1990');
    await user.selectOptions(screen.getByLabelText('Gender'), 'male');
    await user.type(screen.getByLabelText(/^Nationality/), 'xa');
    expect(screen.getByText('Required when participation is voluntary.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Legal basis'), 'court_order');
    expect(screen.getByText(/Participation is mandated/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Date of consent')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({ legal_basis: 'court_order', consent_given: false });
    expect(post.body).not.toHaveProperty('consent_date');
  });

  it('looks a known person up and opens their new case as a re-entry', async () => {
    setCsrfToken('t');
    const calls = mockFetch({
      ...catalogue,
      'POST /api/v1/participants/lookup': () =>
        json(200, {
          items: [
            {
              id: 'pt-1', pseudonym: 'PW-KNOWN', country: 'XA', birth_year: 1991, gender: 'female', nationality: 'XA', categories: [], open_case: false,
              episodes: [{ case_id: 'c-0', facility_id: 'f-1', programme_id: 'p-1', track: 'custodial', phase: 'closed', opened_on: '2022-01-01', closed_on: '2023-05-01', closure_reason: 'reoffended_recalled' }],
            },
          ],
        }),
      'POST /api/v1/cases': () => json(201, { id: 'c-9', pseudonym: 'PW-KNOWN' }),
    });
    renderWith(<IntakeForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Reference or pseudonym'), 'NG-4471');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    const matches = await screen.findByTestId('reentry-matches');
    expect(matches).toHaveTextContent('Northgate Prison: opened 2022-01-01, Closed, closed 2023-05-01');
    expect(calls.find((c) => c.url === '/api/v1/participants/lookup')!.body).toEqual({ external_ref: 'NG-4471' });
    await user.click(screen.getByRole('button', { name: 'Open the new case for PW-KNOWN' }));
    expect(screen.getByTestId('reentry-of')).toHaveTextContent('Re-entry of PW-KNOWN');
    expect(screen.queryByLabelText('Year of birth')).toBeNull();
    await user.selectOptions(await screen.findByLabelText('Programme'), 'p-1');
    await user.selectOptions(await screen.findByLabelText('Facility'), 'f-1');
    await user.click(screen.getByLabelText('The participant has given informed consent'));
    await user.click(screen.getByRole('button', { name: 'Open the case for PW-KNOWN' }));
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/cases')!;
    expect(post.body).toMatchObject({ participant_id: 'pt-1', legal_basis: 'voluntary', consent_given: true });
    expect(post.body).not.toHaveProperty('participant');
  });
});
