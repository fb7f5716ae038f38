import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listStaff, setTeam } from '../../api/cases';
import type { Discipline } from '../../api/types';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

export const DISCIPLINES: Discipline[] = [
  'case_manager', 'psychologist', 'religious_counsellor', 'ideological_counsellor', 'educator', 'vocational_trainer',
  'social_worker', 'prison_officer', 'probation_officer', 'mentor', 'health', 'other',
];

interface Member {
  user_id: string;
  username: string;
  discipline: Discipline;
}

/** The case team (supervisors): disciplines, the case manager, and members picked from the
 * staff the server says may work on a case at this facility. */
export function TeamTab() {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const submit = useSubmit();
  const [members, setMembers] = useState<Member[]>(
    (c.team ?? []).map((m) => ({ user_id: m.user_id, username: m.username, discipline: m.discipline })),
  );
  const [manager, setManager] = useState(c.case_manager_id ?? '');
  const staff = useLoad((s) => listStaff(c.facility_id, s), [c.facility_id]);
  const [newId, setNewId] = useState('');
  const candidates = (staff.data?.items ?? []).filter((u) => !members.some((m) => m.user_id === u.id));
  const [saved, setSaved] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { case_manager_id: manager, members: members.map((m) => ({ user_id: m.user_id, discipline: m.discipline })) };
    const ok = await submit.run(body, (b) => setTeam(c.id, etag, b as typeof body));
    if (ok) {
      setSaved(t('team.saved'));
      reload();
    }
  }

  return (
    <section aria-labelledby="tab-team" className="tab">
      <h2 id="tab-team">{t('workspace.tab.team')}</h2>
      <Saved message={saved} />
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="tab-team">
        <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
        <table className="table">
          <caption className="visually-hidden">{t('workspace.tab.team')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.member')}</th>
              <th scope="col">{t('team.discipline')}</th>
              <th scope="col">{t('team.caseManager')}</th>
              <th scope="col">{t('team.remove')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m, i) => (
              <tr key={m.user_id}>
                <th scope="row">{m.username || m.user_id}</th>
                <td>
                  <select
                    className="input"
                    aria-label={t('team.disciplineOf', { name: m.username || m.user_id })}
                    value={m.discipline}
                    onChange={(e) => setMembers((ms) => ms.map((x, j) => (j === i ? { ...x, discipline: e.target.value as Discipline } : x)))}
                  >
                    {DISCIPLINES.map((d) => (
                      <option key={d} value={d}>
                        {t(`discipline.${d}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="radio"
                    name="case-manager"
                    aria-label={t('team.makeManager', { name: m.username || m.user_id })}
                    checked={manager === m.user_id}
                    onChange={() => setManager(m.user_id)}
                  />
                </td>
                <td>
                  <button type="button" className="button button--small" onClick={() => setMembers((ms) => ms.filter((_, j) => j !== i))}>
                    {t('team.removeName', { name: m.username || m.user_id })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <LoadState loading={staff.loading && !staff.data} error={staff.error} onRetry={staff.reload} />
        <Field label={t('team.addMember')} hint={t('team.addMemberHint')}>
          {(p) => (
            <select {...p} className="input" value={newId} onChange={(e) => setNewId(e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${u.display_name || u.username} (${u.username}) — ${u.roles.map((r) => t(`roles.${r}`)).join(', ')}`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button
          type="button"
          className="button"
          onClick={() => {
            const u = candidates.find((x) => x.id === newId);
            if (!u) return;
            setMembers((ms) => [...ms, { user_id: u.id, username: u.username, discipline: 'other' }]);
            if (!manager) setManager(u.id);
            setNewId('');
          }}
        >
          {t('team.add')}
        </button>
        <SubmitButton pending={submit.pending} label={t('team.save')} />
      </form>
    </section>
  );
}
