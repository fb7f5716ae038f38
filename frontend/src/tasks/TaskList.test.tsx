import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Task } from '../api/types';
import { setupI18n } from '../i18n';
import { json, mockFetch } from '../test/fetchMock';
import { TaskItem } from './TaskList';

const task: Task = { kind: 'review_due', case_id: 'c-1', pseudonym: 'PW-Y9QGEV343', ref_id: 'c-1', due_on: '2026-09-20', state: 'overdue' };

/** What the eye reads in the link: its text without the parts kept for screen readers. */
function seen(el: HTMLElement): string {
  const copy = el.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
  return copy.textContent ?? '';
}

// Trial 17, M4: in Arabic the pseudonym ran into the task ("PW-Y9QGEV343مراجعة…"): the gap was a
// margin on the pseudonym's own (left-to-right) end, which in a right-to-left line is its outer
// side, and the colon between them was hidden. The separator is now text, seen in every language.
describe('a task names its case apart from what is to be done', () => {
  it.each([
    { lng: 'en', sep: /^PW-Y9QGEV343: \S/ },
    { lng: 'fr', sep: /^PW-Y9QGEV343\u202f: \S/ },
    { lng: 'ar', sep: /^PW-Y9QGEV343: \S/ },
  ])('in $lng', async ({ lng, sep }) => {
    mockFetch({ 'GET /api/v1/milestone-definitions': () => json(200, { items: [] }) });
    setupI18n(lng);
    render(
      <MemoryRouter>
        <ul>
          <TaskItem task={task} />
        </ul>
      </MemoryRouter>,
    );
    const link = await screen.findByRole('link');
    expect(seen(link)).toMatch(sep);
  });
});
