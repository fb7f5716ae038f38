import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import type { Task, User } from '../api/types';
import { json, mockFetch, practitionerUser } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';

const worker: User = { ...practitionerUser, permissions: [...practitionerUser.permissions, 'tasks:read'] };
const supervisor: User = {
  id: 'u-sup',
  username: 'supervisor',
  display_name: 'Sam Supervisor',
  totp_enabled: false,
  memberships: [{ id: 'm3', role: 'supervisor', scope_kind: 'country', country: 'XA' }],
  permissions: ['cases:read', 'tasks:read', 'approvals:read', 'approvals:decide', 'organisation:read'],
};

const task = (t: Partial<Task>): Task => ({
  kind: 'baseline_due',
  case_id: 'c-1',
  pseudonym: 'PW-7K3Q-X',
  ref_id: 'c-1',
  due_on: '2026-12-01',
  state: 'due',
  ...t,
});

const tasks: Task[] = [
  task({ kind: 'follow_up_due', case_id: 'c-2', pseudonym: 'PW-AB12-C', ref_id: 'p-1', months: 6, due_on: '2026-11-20', state: 'overdue', case_manager: 'practitioner' }),
  task({ kind: 'baseline_due', due_on: '2026-12-10' }),
  task({
    kind: 'plan_to_revise',
    case_id: 'c-3',
    pseudonym: 'PW-ZZ99-K',
    ref_id: 'pl-1',
    due_on: '2026-12-12',
    decided_by: 'supervisor',
    comment: 'Goal 2 needs a target date.',
  }),
  task({
    kind: 'request_decided',
    ref_id: 'ap-1',
    due_on: '2026-11-30',
    state: 'info',
    approval_kind: 'milestone',
    milestone_code: 'qualification',
    decision: 'approved',
    decided_by: 'supervisor',
    comment: '',
  }),
];

const routes = (user: User, summary = { total: tasks.length, overdue: 1, approvals_waiting: 0 }) => ({
  'GET /api/v1/me': () => json(200, user),
  'GET /api/v1/facilities': () => json(200, { items: [] }),
  'GET /api/v1/tasks?limit=1': () => json(200, { items: tasks.slice(0, 1), summary, next_cursor: 'x' }),
  'GET /api/v1/tasks': () => json(200, { items: tasks, summary }),
  'GET /api/v1/milestone-definitions': () =>
    json(200, { items: [{ code: 'qualification', name: 'Qualification obtained', domain: 'practical', requires_verification: true, practices: [] }] }),
});

describe('Home: the working day', () => {
  it('lists the tasks overdue first, each a link to where it is done, with the supervisor comment', async () => {
    setCsrfToken('t');
    mockFetch(routes(worker));
    const { container } = renderApp();
    const section = await screen.findByRole('region', { name: 'Your tasks' });
    const overdue = await within(section).findByRole('heading', { name: 'Overdue (1)' });
    const headings = within(section)
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(headings).toEqual(['Overdue (1)', 'Due soon (2)', 'Decisions on your requests (1)']);
    expect(overdue).toBeInTheDocument();

    const followUp = within(section).getByRole('link', { name: /PW-AB12-C.*Follow-up at 6 months due 20 Nov 2026/ });
    expect(followUp).toHaveAttribute('href', '/cases/c-2/follow-ups');
    expect(within(section).getByRole('link', { name: /Baseline assessment due 10 Dec 2026/ })).toHaveAttribute('href', '/cases/c-1/assessments');
    expect(within(section).getByRole('link', { name: /Revise the individual plan: rejected by supervisor/ })).toHaveAttribute(
      'href',
      '/cases/c-3/plans',
    );
    expect(within(section).getByText('Goal 2 needs a target date.')).toBeInTheDocument();
    expect(await within(section).findByRole('link', { name: /Milestone: Qualification obtained: approved by supervisor/ })).toHaveAttribute(
      'href',
      '/cases/c-1/milestones',
    );
    // Account details stay below.
    expect(screen.getByTestId('username')).toHaveTextContent('practitioner');

    const results = await axe.run(container);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('shows a supervisor the count of waiting approvals in the navigation and on the home page', async () => {
    setCsrfToken('t');
    mockFetch(routes(supervisor, { total: 4, overdue: 1, approvals_waiting: 3 }));
    const { container } = renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(await within(nav).findByRole('link', { name: /^Approvals\s?,\s?3 waiting$/ })).toHaveAttribute('href', '/approvals');
    expect(await screen.findByTestId('approvals-waiting')).toHaveTextContent('Requests waiting for your decision: 3');
    await screen.findByRole('heading', { name: 'Overdue (1)' });
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('says when nothing is due, and shows no count to a practitioner', async () => {
    setCsrfToken('t');
    mockFetch({
      ...routes(worker),
      'GET /api/v1/tasks?limit=1': () => json(200, { items: [], summary: { total: 0, overdue: 0, approvals_waiting: 0 } }),
      'GET /api/v1/tasks': () => json(200, { items: [], summary: { total: 0, overdue: 0, approvals_waiting: 0 } }),
    });
    renderApp();
    expect(await screen.findByText('Nothing is due on your cases in the next 30 days.')).toBeInTheDocument();
    expect(screen.queryByTestId('approvals-waiting-count')).toBeNull();
  });

  it('names the person’s own unfinished drafts, each a link to where it is continued (trial 16, M9)', async () => {
    setCsrfToken('t');
    const drafts: Task[] = [
      task({ kind: 'draft_to_finish', state: 'draft', case_id: 'c-4', pseudonym: 'PW-DR4F-T', ref_id: 'as-1', due_on: '2026-12-04', draft_kind: 'assessment', occasion: 'scheduled' }),
      task({ kind: 'draft_to_finish', state: 'draft', case_id: 'c-5', pseudonym: 'PW-PL5N-D', ref_id: 'pl-5', due_on: '2026-12-01', draft_kind: 'plan', plan_version: 2 }),
      task({ kind: 'draft_to_finish', state: 'draft', case_id: 'c-6', pseudonym: 'PW-RE6N-T', ref_id: 'c-6', due_on: '2026-11-28', draft_kind: 'reintegration_plan' }),
    ];
    const summary = { total: drafts.length, overdue: 0, approvals_waiting: 0 };
    mockFetch({
      ...routes(worker),
      'GET /api/v1/tasks?limit=1': () => json(200, { items: drafts.slice(0, 1), summary, next_cursor: 'x' }),
      'GET /api/v1/tasks': () => json(200, { items: drafts, summary }),
    });
    const { container } = renderApp();
    const section = await screen.findByRole('region', { name: 'Your tasks' });
    expect(await within(section).findByRole('heading', { name: 'Your unfinished drafts (3)' })).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: /PW-DR4F-T.*Assessment draft \(Scheduled\) begun 4 Dec 2026/ })).toHaveAttribute(
      'href',
      '/cases/c-4/assessments',
    );
    expect(within(section).getByRole('link', { name: /PW-PL5N-D.*Individual plan, version 2: draft begun 1 Dec 2026/ })).toHaveAttribute(
      'href',
      '/cases/c-5/plans',
    );
    expect(within(section).getByRole('link', { name: /PW-RE6N-T.*Reintegration plan: draft last saved 28 Nov 2026/ })).toHaveAttribute(
      'href',
      '/cases/c-6/reintegration',
    );
    expect(within(section).queryByText(/Nothing is due/)).toBeNull();
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
