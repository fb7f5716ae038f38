import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../api/types';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { AuditPage } from './AuditPage';

const ev = (seq: number, over: Partial<AuditEvent>): AuditEvent => ({
  seq,
  at: '2026-06-01T09:00:00Z',
  actor_id: 'u-1',
  actor_name: 'practitioner',
  role: 'practitioner',
  scope: 'facility:f-1',
  action: 'case.read',
  object_type: 'case',
  object_id: '6f1c2d0e-0000-4000-8000-000000000001',
  outcome: 'success',
  request_id: 'r',
  ip: '127.0.0.1',
  details: {},
  hash: 'ab',
  ...over,
});

describe('AuditPage', () => {
  it('shows objects by pseudonym or name, searches part of the actor, and downloads the filtered list as CSV', async () => {
    const calls = mockFetch({
      'GET /api/v1/audit?limit=50': () =>
        json(200, {
          items: [
            ev(3, { object_name: 'PW-7K3Q-X' }),
            ev(2, { action: 'facility.update', object_type: 'facility', object_id: 'f-9', object_name: 'Northgate' }),
            ev(1, { action: 'token.revoke', outcome: 'denied', object_type: 'api_token', object_id: '=HYPERLINK("x")' }),
          ],
        }),
      'GET /api/v1/audit?actor_contains=PRACT&limit=50': () => json(200, { items: [ev(3, { object_name: 'PW-7K3Q-X' })] }),
    });
    const { container } = renderWith(<AuditPage />);
    const user = userEvent.setup();
    const table = await screen.findByTestId('audit-table');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Case PW-7K3Q-X');
    expect(rows[2]).toHaveTextContent('Facility Northgate');
    expect(rows[3]).toHaveTextContent('API token =HYPERLINK("x")');
    expect(screen.getByTestId('audit-csv')).toHaveAttribute('href', '/api/v1/audit?format=csv');

    await user.type(screen.getByLabelText('Actor'), 'PRACT');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await screen.findByText((_, el) => el?.getAttribute('href') === '/api/v1/audit?actor_contains=PRACT&format=csv');
    expect(calls.map((c) => c.url)).toContain('/api/v1/audit?actor_contains=PRACT&limit=50');
    const results = await axe.run(container, { runOnly: ['landmark-unique', 'duplicate-id', 'aria-valid-attr-value', 'label', 'link-name'] });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
