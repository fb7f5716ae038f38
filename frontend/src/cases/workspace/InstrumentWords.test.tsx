import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment } from '../../api/types';
import i18n from '../../i18n';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase, renderWith } from '../../test/renderWith';
import { AssessmentView } from './AssessmentView';

// The instrument that ships with Pathways, as the API gives it (English).
const instrument = {
  code: 'pathways-open', version: '1', name: 'Pathways open risk and needs review', licence: 'open', review_interval_days: 180,
  definition: {
    scale: { min: 0, max: 2, labels: { '0': 'absent', '1': 'partly present', '2': 'present' } },
    domains: [{ code: 'beliefs', name: 'Beliefs and attitudes', items: [{ code: 'B1', polarity: 'risk', text: 'Endorses violence to reach ideological ends' }] }],
  },
};
const final: Assessment = {
  id: 'a-1', case_id: 'c-1', instrument_code: 'pathways-open', instrument_version: '1', occasion: 'baseline', status: 'final',
  assessed_on: '2025-02-01', overall: 'moderate', rationale: 'Steady.', next_review_date: null, supersedes: null, assessor_id: 'u-1',
  created_at: '2025-02-01T00:00:00Z', finalised_at: '2025-02-01T00:00:00Z', ratings: [{ item_code: 'B1', rating: 1 }], version: 2,
};

// Trial of session 17: the assessment's instrument stayed English in Arabic.
describe('the shipped instrument in the interface language', () => {
  afterEach(() => void i18n.changeLanguage('en'));

  it('reads a final assessment with the items, scale points and name in Arabic, and keeps them English in English', async () => {
    mockFetch({ 'GET /api/v1/instruments/pathways-open?version=1': () => json(200, instrument) });
    renderWith(<AssessmentView a={final} onClose={() => {}} />, { c: aCase });
    await screen.findByText(/Endorses violence to reach ideological ends/);
    expect(screen.getByText(/1 — partly present/)).toBeInTheDocument();
    await act(() => i18n.changeLanguage('ar'));
    expect(await screen.findByText(/يؤيد العنف لتحقيق غايات أيديولوجية/)).toBeInTheDocument();
    expect(screen.getByText(/موجود جزئيًا/)).toBeInTheDocument();
    expect(screen.getByText(/مراجعة Pathways المفتوحة للمخاطر والاحتياجات/)).toBeInTheDocument();
    expect(screen.queryByText(/Endorses violence/)).toBeNull();
  });

  it('lists the ratings in the form\'s order under their domains, not by code', async () => {
    const two = {
      ...instrument,
      definition: {
        ...instrument.definition,
        domains: [
          { code: 'change', name: 'Motivation and wellbeing', items: [{ code: 'M1', polarity: 'protective', text: 'Motivated to change' }] },
          { code: 'beliefs', name: 'Beliefs and attitudes', items: [{ code: 'B1', polarity: 'risk', text: 'Endorses violence' }] },
        ],
      },
    };
    mockFetch({ 'GET /api/v1/instruments/pathways-open?version=1': () => json(200, two) });
    renderWith(<AssessmentView a={{ ...final, ratings: [{ item_code: 'B1', rating: 1 }, { item_code: 'M1', rating: 2 }] }} onClose={() => {}} />, { c: aCase });
    await screen.findByText(/Motivated to change/);
    const rows = screen.getAllByRole('row').map((r) => r.textContent ?? '');
    expect(rows.slice(1).map((r) => r.slice(0, 12))).toEqual(['Motivation a', 'M1 — Motivat', 'Beliefs and ', 'B1 — Endorse']);
  });
});
