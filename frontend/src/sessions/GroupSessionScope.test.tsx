import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/csrf';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { GroupSessionPage } from './GroupSessionPage';

// Trial 16, M13: pickers offer only what the caller may choose. A group session is recorded
// at a facility where the caller works; the others are not offered.
describe('GroupSessionPage: facilities in scope', () => {
  it('offers only the facilities where the caller works', async () => {
    setCsrfToken('t');
    mockFetch({
      'GET /api/v1/facilities': () =>
        json(200, {
          items: [
            { id: 'f-1', country: 'XA', name: 'Northgate Prison', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: true },
            { id: 'f-2', country: 'XA', name: 'Riverside Prison', kind: 'prison', created_at: '2025-01-01T00:00:00Z', in_my_scope: false },
            { id: 'f-3', country: 'XA', name: 'Harbour Probation Office', kind: 'probation', created_at: '2025-01-01T00:00:00Z', in_my_scope: false },
          ],
        }),
      'GET /api/v1/programmes': () => json(200, { items: [] }),
      'GET /api/v1/intervention-types': () => json(200, { items: [] }),
    });
    renderWith(<GroupSessionPage />);
    const facility = await screen.findByLabelText('Facility');
    await waitFor(() => expect(within(facility).getAllByRole('option').map((o) => o.textContent)).toContain('Northgate Prison'));
    const names = within(facility).getAllByRole('option').map((o) => o.textContent);
    expect(names).not.toContain('Riverside Prison');
    expect(names).not.toContain('Harbour Probation Office');
  });
});
