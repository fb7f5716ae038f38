import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { setupI18n } from '../i18n';
import { FormStatus } from './FormStatus';
import { useSubmit } from './useSubmit';

const refusal = new ApiError(422, {
  type: 'urn:pathways:problem:invalid',
  title: 'Invalid request',
  status: 422,
  detail: 'the request has invalid fields',
  errors: [
    {
      field: 'notes',
      reason: 'identifier_suspected',
      detail: 'may contain identifiers (…)',
      findings: [
        { kind: 'name', text: 'الشيخ سليمان' },
        { kind: 'address', text: '3 bis rue des Lilas' },
      ],
    },
  ],
});

/** A form whose save the server's identifier screen refuses. */
function Refused() {
  const submit = useSubmit();
  return (
    <>
      <FormStatus submit={submit} />
      <button type="button" onClick={() => void submit.run({ notes: 'x' }, () => Promise.reject(refusal))}>
        save
      </button>
    </>
  );
}

describe('FormStatus identifier warning', () => {
  it.each([
    ['en', 'This text may identify a person.', 'a name', 'an address'],
    ['fr', 'Ce texte pourrait identifier une personne.', 'un nom', 'une adresse'],
    ['ar', 'قد يحدد هذا النص هوية شخص.', 'اسم', 'عنوان'],
  ])('quotes what the screen flagged (%s)', async (lang, lead, name, address) => {
    setupI18n(lang);
    render(<Refused />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'save' }));
    const warning = (await screen.findByText(lead, { exact: false })).closest('.identifier-warning') as HTMLElement;
    const items = within(warning).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('الشيخ سليمان');
    expect(items[0]).toHaveTextContent(name);
    expect(items[1]).toHaveTextContent('3 bis rue des Lilas');
    expect(items[1]).toHaveTextContent(address);
    // The quoted text keeps its own direction inside the sentence.
    expect(items[0]!.querySelector('bdi')).toHaveTextContent('الشيخ سليمان');
    expect(within(warning).getByRole('checkbox')).not.toBeChecked();
    setupI18n('en');
  });
});
