import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { PlanForm } from '../cases/workspace/PlanForm';
import { setupI18n } from '../i18n';
import { mockFetch, problem } from '../test/fetchMock';
import { ruleMessage } from './problems';
import { messageText } from './message';

/** The server's answer to a plan with two goals, the second one's description too long and
 * its date before the case was opened; and one problem on a field the form does not show. */
function refuse() {
  setCsrfToken('t');
  return mockFetch({
    'POST /api/v1/cases/c-1/plans': () =>
      problem(422, 'invalid', [
        { field: 'goals[1].description', reason: 'max', detail: 'must be at most 2000', params: { limit: '2000', type: 'text' } },
        { field: 'goals[1].target_date', reason: 'before_intake', detail: 'must not be before the case intake on 2025-03-04', params: { date: '2025-03-04' } },
        { field: 'goals[0].responsible_id', reason: 'not_on_team', detail: 'must be on the case team' },
      ]),
  });
}

async function fillTwoGoals(user: ReturnType<typeof userEvent.setup>, add: string) {
  await user.click(screen.getByRole('button', { name: add }));
  for (const input of screen.getAllByRole('textbox')) await user.type(input, 'x');
}

afterEach(() => setupI18n('en'));

describe('error summary', () => {
  it.each([
    {
      lng: 'en',
      add: 'Add a goal',
      save: 'Save draft plan',
      goal2: 'Goal 2',
      description: 'What will be done',
      tooLong: 'Use at most 2000 characters.',
      early: 'This date is before the case was opened, on 4 Mar 2025.',
      offForm: 'This person is not on the case team.',
      colon: ':',
    },
    {
      lng: 'fr',
      add: 'Ajouter un objectif',
      save: 'Enregistrer le plan en brouillon',
      goal2: 'Objectif 2',
      description: 'Ce qui sera fait',
      tooLong: 'Utilisez au plus 2000\u00a0caractères.',
      early: "Cette date est antérieure à l'ouverture du dossier, le 4 mars 2025.",
      offForm: "Cette personne ne fait pas partie de l'équipe du dossier.",
      colon: '\u202f:',
    },
    {
      lng: 'ar',
      add: 'إضافة هدف',
      save: 'حفظ الخطة كمسودة',
      goal2: 'الهدف 2',
      description: 'ما سيتم القيام به',
      tooLong: 'عدد الأحرف المسموح به: 2000 على الأكثر.',
      early: 'هذا التاريخ سابق لفتح الملف في',
      offForm: 'هذا الشخص ليس من فريق الملف.',
    },
  ])('names each field by its label, marks the item, links to it, in plain $lng', async (x) => {
    refuse();
    setupI18n(x.lng);
    render(
      <MemoryRouter>
        <PlanForm caseId="c-1" onSaved={() => {}} />
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    await fillTwoGoals(user, x.add);
    await user.click(screen.getByRole('button', { name: x.save }));

    const summary = await screen.findByTestId('error-summary');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveFocus();
    // No API path, no validator sentence, anywhere in the summary.
    expect(alert.textContent).not.toMatch(/goals|description|target_date|responsible_id|must be|at most 2000$/);

    // The error is marked at the second goal's own field, not the first goal's.
    const goal2 = screen.getByRole('group', { name: x.goal2 });
    const field = within(goal2).getByLabelText(x.description);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(x.tooLong);
    const goal1 = screen.getAllByRole('group')[0]!;
    expect(within(goal1).getByLabelText(x.description)).not.toHaveAttribute('aria-invalid');

    // The summary names the item and the field, and its link moves focus there.
    const link = within(summary).getByRole('link', { name: `${x.goal2}${x.colon ?? ':'} ${x.description}` });
    expect(link.closest('li')).toHaveTextContent(x.tooLong.replace(/\u00a0/g, ' '));
    await user.click(link);
    expect(field).toHaveFocus();
    // A date in the rule is written as the language writes it.
    expect(summary).toHaveTextContent(x.early.replace(/\u00a0/g, ' '));
    // A problem about a field the form does not show is still said in words, unlinked.
    const items = within(summary).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[2]).toHaveTextContent(x.offForm.replace(/\u00a0/g, ' '));
    expect(within(items[2]!).queryByRole('link')).toBeNull();
  });
});

describe('ruleMessage', () => {
  it.each([
    ['en', { field: 'offence_category', reason: 'max', detail: 'must be at most 6', params: { limit: '6', type: 'text' } }, 'Choose an offence category from the list.'],
    ['en', { field: 'notes', reason: 'max', detail: 'must be at most 6', params: { limit: '6', type: 'text' } }, 'Use at most 6 characters.'],
    ['en', { field: 'members', reason: 'max', detail: 'must be at most 50', params: { limit: '50', type: 'list' } }, 'Choose at most 50.'],
    ['en', { field: 'minutes', reason: 'lte', detail: 'must be at most 600', params: { limit: '600', type: 'number' } }, 'Enter 600 or less.'],
    ['fr', { field: 'participant.birth_year', reason: 'out_of_range', detail: 'x', params: { min: '1926', max: '2016' } }, 'Saisissez une année de naissance entre 1926 et 2016\u00a0: un participant a de 10 à 100\u00a0ans à l\'admission.'],
    ['fr', { field: 'ratings[3].rating', reason: 'out_of_range', detail: 'x', params: { min: '0', max: '2' } }, 'Saisissez une valeur comprise entre 0 et 2.'],
    ['ar', { field: 'held_on', reason: 'future', detail: 'must not be in the future' }, 'هذا التاريخ في المستقبل: أدخله بعد حدوثه.'],
    ['en', { field: 'x', reason: 'some_new_rule', detail: 'an English sentence' }, 'This was not accepted: check it and try again.'],
  ])('words a %s problem by its rule', (lng, fe, want) => {
    const i18n = setupI18n(lng);
    expect(messageText(i18n.t, ruleMessage(fe))).toBe(want);
  });
});
