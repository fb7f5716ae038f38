import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import type { CaseEvent } from '../../api/types';
import { setupI18n } from '../../i18n';
import { makeFormat } from '../../i18n/format';
import { json, mockFetch } from '../../test/fetchMock';
import { aCase } from '../../test/renderWith';
import { CaseContext } from './CaseContext';
import { TimelineTab } from './TimelineTab';

let seq = 0;
function ev(kind: string, params: Record<string, string>, summary: string): CaseEvent {
  seq++;
  return { id: seq, kind, occurred_on: '2025-05-02', at: '2025-05-02T09:00:00Z', summary, params, ref_id: '', practices: [], actor: 'practitioner', actor_name: null, comment: null };
}

async function showTimeline(lng: string, items: CaseEvent[]) {
  mockFetch({ 'GET /api/v1/cases/c-1/timeline': () => json(200, { items, next_cursor: null }) });
  setupI18n(lng);
  render(
    <MemoryRouter>
      <CaseContext.Provider value={{ c: aCase, etag: '"1"', reload: () => {} }}>
        <TimelineTab />
      </CaseContext.Provider>
    </MemoryRouter>,
  );
  const list = await screen.findByTestId('timeline');
  await screen.findAllByRole('listitem');
  return [...list.querySelectorAll<HTMLElement>('.timeline__summary')];
}

afterEach(() => {
  setupI18n('en');
});

describe('TimelineTab', () => {
  it('writes a session from its params, codes as words and values isolated', async () => {
    const [line] = await showTimeline('en', [
      ev(
        'session',
        { intervention_type: 'cognitive_skills', format: 'group', minutes: '90', attendance: 'attended' },
        'cognitive_skills, group, 90 min, attended',
      ),
    ]);
    expect(line).toHaveTextContent('Cognitive skills, Group. Length in minutes: 90. Attendance: Attended.');
    expect(line).not.toHaveAttribute('lang');
    expect([...line!.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['Cognitive skills', 'Group', '90', 'Attended']);
    expect(line!.textContent).not.toMatch(/cognitive_skills|_/);
  });

  it('writes a phase change, a transfer with its handover and a milestone in English', async () => {
    const lines = await showTimeline('en', [
      ev(
        'phase.changed',
        { from: 'intervention', to: 'closed', how: 'approved', closure_reason: 'completed' },
        'intervention → closed (approved): completed',
      ),
      ev(
        'transfer.accepted',
        {
          from_facility: 'Riverside Prison',
          to_facility: 'Northgate Prison',
          handover_phase: 'intervention',
          handover_open_requests: 'reintegration_plan',
          handover_follow_ups_due: '',
        },
        'transfer from Riverside Prison to Northgate Prison accepted; handover: …',
      ),
      ev('milestone.verified', { milestone: 'qualification_obtained', milestone_name: 'Qualification obtained' }, 'milestone approved'),
    ]);
    expect(lines[0]).toHaveTextContent('From Intervention to Closed. Approved by a supervisor. Closure reason: Completed.');
    expect(lines[1]).toHaveTextContent(
      'Transfer from Riverside Prison to Northgate Prison accepted. Handed over in the phase: Intervention. No final assessment. ' +
        'No plan in force. Open requests: Reintegration plan. No follow-ups due.',
    );
    expect(lines[2]).toHaveTextContent('Qualification obtained.');
  });

  it('shows an entry written before params by its English summary, marked as English', async () => {
    const [line] = await showTimeline('en', [ev('session', {}, 'cognitive_skills, group, 90 min, attended')]);
    expect(line).toHaveTextContent('cognitive_skills, group, 90 min, attended');
    expect(line).toHaveAttribute('lang', 'en');
    expect(line).toHaveAttribute('dir', 'auto');
  });

  it('writes entries in Arabic: words for codes, dates as Arabic writes them, Latin names isolated', async () => {
    const lines = await showTimeline('ar', [
      ev('intake', { legal_basis: 'court_order' }, 'case opened at intake (court order)'),
      ev('release', { released_on: '2025-05-02', release_type: 'conditional' }, 'release recorded: 2025-05-02 (conditional)'),
      ev('transfer.requested', { to_facility: 'Northgate Prison', transfer_on: '2025-07-01' }, 'transfer to Northgate Prison requested, from 2025-07-01'),
      ev('transition.requested', { from: 'intervention', to: 'closed' }, 'intervention → closed requested'),
    ]);
    const ar = makeFormat('ar');
    expect(lines[0]).toHaveTextContent('فُتح عند الاستقبال. الأساس القانوني: أمر قضائي.');
    expect(lines[1]).toHaveTextContent(`أُفرج عنه في ${ar.date('2025-05-02')}. نوع الإفراج: إفراج بشروط.`);
    expect(lines[1]!.textContent).not.toContain('2025-05-02');
    expect(lines[2]!.querySelector('bdi')).toHaveTextContent('Northgate Prison');
    expect(lines[2]).toHaveTextContent(`طُلب النقل إلى Northgate Prison اعتبارًا من ${ar.date('2025-07-01')}.`);
    expect(lines[3]).toHaveTextContent('من التدخل إلى مغلق: بانتظار مشرف.');
    for (const l of lines) expect(l).not.toHaveAttribute('lang');
  });

  it('keeps the English summary in Arabic for entries it cannot write: no params, or a kind it does not know', async () => {
    const lines = await showTimeline('ar', [
      ev('plan.approved', {}, 'Individual plan v1 approved'),
      ev('something.new', { x: '1' }, 'a new kind of entry'),
      ev('reintegration_plan.submitted', {}, 'Reintegration plan submitted for approval'),
    ]);
    expect(lines[0]).toHaveTextContent('Individual plan v1 approved');
    expect(lines[0]).toHaveAttribute('lang', 'en');
    expect(lines[1]).toHaveTextContent('a new kind of entry');
    expect(lines[1]).toHaveAttribute('lang', 'en');
    // A line that says the same every time is written in Arabic even without params.
    expect(lines[2]).toHaveTextContent('قُدّمت خطة إعادة الإدماج للاعتماد.');
  });

  it('titles a rejected milestone in each language, shows the decision comment and the actor by name', async () => {
    for (const [lng, title, comment] of [
      ['en', 'Milestone rejected', 'Comment: No contact since June.'],
      ['fr', 'Étape refusée', 'Commentaire : No contact since June.'],
      ['ar', 'رفض إنجاز', 'التعليق: No contact since June.'],
    ] as const) {
      const rejected = { ...ev('milestone.rejected', { milestone: 'family_contact', milestone_name: 'Family contact restored' }, 'milestone rejected'), actor: 'supervisor', actor_name: 'Sam Okafor', comment: 'No contact since June.' };
      await showTimeline(lng, [rejected]);
      const item = screen.getByRole('listitem');
      expect(item.querySelector('.timeline__meta')).toHaveTextContent(title);
      expect(item.querySelector('.timeline__meta')).toHaveTextContent('Sam Okafor');
      expect(item.querySelector('.timeline__meta')).not.toHaveTextContent('supervisor');
      expect(item.querySelector('.timeline__comment')).toHaveTextContent(comment);
      document.body.innerHTML = '';
    }
  });

  it('puts each practice title beside its code', async () => {
    const session = { ...ev('session', { intervention_type: 'mentoring', format: 'individual', minutes: '60', attendance: 'attended' }, 'mentoring'), practices: ['GP3'] };
    await showTimeline('en', [session]);
    const chips = screen.getByRole('list', { name: 'Memorandum practices evidenced' });
    expect(chips).toHaveTextContent('GP3 Assessment and classification at intake, re-assessed over time');
  });

  it('says which follow-up points a recall closed', async () => {
    const [line] = await showTimeline('en', [
      ev('follow_up_point.not_reached', { count: '3', months: '6,12,24', reason: 'in_custody' }, '3 follow-up point(s) closed as not reached (in_custody): months 6, 12, 24'),
    ]);
    expect(line).toHaveTextContent('Follow-up points closed as not reached (3): month 6, month 12 and month 24.');
  });
});
