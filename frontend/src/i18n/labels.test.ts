import { describe, expect, it } from 'vitest';
import { setupI18n } from '.';
import { makeFormat } from './format';
import { dimensionName, dimensionValue, labelOf, translatedOr } from './labels';
import { statNotes } from '../statistics/notes';
import type { Indicator, Statistic } from '../api/types';

describe('labels', () => {
  it('translates the fixed catalogue by code and keeps an administrator entry under its own name', () => {
    const { t } = setupI18n('fr');
    expect(labelOf(t, 'interventionType', 'cognitive_skills', 'Cognitive skills')).toBe('Compétences cognitives');
    expect(labelOf(t, 'milestone', 'sustained_attendance', 'Three months of sustained attendance')).toBe('Trois mois de présence régulière');
    expect(labelOf(t, 'offence', '0905', 'Acts related to terrorism')).toBe('Actes liés au terrorisme');
    expect(labelOf(t, 'practice', 'GP15', 'x')).toBe('Des programmes qui développent les compétences cognitives');
    expect(labelOf(t, 'indicator', 'active_cases', 'Active cases by phase')).toBe('Dossiers actifs par phase');
    // An entry an administrator added has no translation: its own name, never its code.
    expect(labelOf(t, 'interventionType', 'horse_care', 'Soins aux chevaux')).toBe('Soins aux chevaux');
    expect(labelOf(t, 'interventionType', 'horse_care')).toBe('horse care');
    setupI18n('ar');
    expect(labelOf(t, 'closureReason', 'completed')).toBe('اكتمل البرنامج');
  });

  it('shows an administrator name as typed: braces in it are not read as placeholders (attack 8, F1)', () => {
    for (const lang of ['fr', 'ar', 'en']) {
      const { t } = setupI18n(lang);
      expect(labelOf(t, 'milestone', 'made_up', 'Grade {{defaultValue}} {{count}}')).toBe('Grade {{defaultValue}} {{count}}');
      expect(dimensionValue(t, 'milestone', 'made_up', 'Grade {{defaultValue}}')).toBe('Grade {{defaultValue}}');
      expect(translatedOr(t, 'closure.no_such_code', '{{x}} $t(closure.completed)')).toBe('{{x}} $t(closure.completed)');
    }
  });

  it('gives statistics dimensions and their values as words', () => {
    const { t } = setupI18n('en');
    expect(dimensionName(t, 'intervention_type')).toBe('Intervention type');
    expect(dimensionValue(t, 'age_band', '18_24', '18 24')).toBe('18 to 24');
    expect(dimensionValue(t, 'phase', 'pre_release', 'pre release')).toBe('Pre-release');
    expect(dimensionValue(t, 'facility', 'f-uuid', 'Northgate Prison')).toBe('Northgate Prison');
    expect(dimensionValue(t, 'gender', '_T', 'total')).toBe('Total');
    setupI18n('fr');
    expect(dimensionValue(t, 'age_band', '45_plus', '45 plus')).toBe('45\u00a0ans et plus');
    expect(dimensionValue(t, 'intervention_type', 'cognitive_skills', 'Cognitive skills')).toBe('Compétences cognitives');
    expect(dimensionValue(t, 'housing', 'stable', 'stable')).not.toBe('stable');
    setupI18n('en');
  });
});

describe('format', () => {
  it('writes dates and numbers as the language does', () => {
    expect(makeFormat('fr').number(1234.5)).toBe('1\u202f234,5');
    expect(makeFormat('en').number(1234.5)).toBe('1,234.5');
    expect(makeFormat('fr').date('2025-03-04')).toBe('4 mars 2025');
    expect(makeFormat('en').date('2025-03-04')).toBe('4 Mar 2025');
    expect(makeFormat('en').integer(2016)).toBe('2016');
    expect(makeFormat('ar').date('2025-03-04')).toMatch(/مارس/);
  });
});

describe('statistics notes', () => {
  const indicator = { id: 'attendance_rate', title: '', definition: '', numerator: '', unit: 'percent', measure: 'rate', breakdowns: [] } as unknown as Indicator;
  const st = {
    measure: 'rate',
    threshold: 5,
    min_people: 10,
    dimensions: [{ id: 'category', codes: [{ code: 'returnee', label: 'returnee' }] }],
  } as unknown as Statistic;
  it('say in English what domain.StatNotes says', () => {
    const { t } = setupI18n('en');
    expect(statNotes(t, 'en', indicator, st)).toEqual([
      'Every figure is perturbed (the cell-key method): a little noise is added, the same each time the same people or records are counted, so figures may differ slightly from counts seen elsewhere, and a true count of 1 to 4 is published as 0 or 5.',
      'Each figure is published once: records entered or corrected later for a period already asked for do not change it.',
      'Rates are computed from perturbed counts and published only for at least 10 people; a rate of 0 % or 100 % only for at least 20.',
      'A participant can count under several values of “Category”, so no total is given across them.',
    ]);
  });
  it('in French, with French numbers', () => {
    const { t } = setupI18n('fr');
    const notes = statNotes(t, 'fr', indicator, st);
    expect(notes[0]).toContain('de 1 à 4 est publié comme 0 ou 5');
    expect(notes[1]).toContain('publié qu’une fois');
    expect(notes[3]).toContain('Catégorie');
    setupI18n('en');
  });
});
