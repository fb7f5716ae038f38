import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addMembership, createUser, listUsers, removeMembership, updateUser } from '../api/admin';
import type { MembershipRequest } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { ScopeFields, scopeBody, type ScopeValue } from './ScopeFields';
import { useFacilitiesAndProgrammes } from './useAdminData';

export function UsersSection() {
  const { t } = useTranslation();
  const users = useLoad((s) => listUsers(s), []);
  const org = useFacilitiesAndProgrammes();
  const action = useSubmit();
  const [saved, setSaved] = useState<string | null>(null);
  const facilityName = (id?: string) => org.facilities.find((f) => f.id === id)?.name ?? id ?? '';
  const done = (msg: string) => {
    setSaved(msg);
    users.reload();
  };
  return (
    <section aria-labelledby="admin-users" className="card">
      <h2 id="admin-users">{t('admin.users')}</h2>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      <FormStatus submit={action} />
      <LoadState loading={users.loading && !users.data} error={users.error} onRetry={users.reload} />
      {users.data && (
        <div className="table-scroll">
          <table className="table" data-testid="users">
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('home.username')}</th>
                <th scope="col">{t('home.displayName')}</th>
                <th scope="col">{t('admin.memberships')}</th>
                <th scope="col">{t('admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>{u.display_name}</td>
                  <td>
                    <ul className="plain">
                      {u.memberships.map((m) => (
                        <li key={m.id}>
                          {t(`roles.${m.role}`)} —{' '}
                          {m.scope_kind === 'global' ? t('scope.global') : m.scope_kind === 'country' ? m.country : facilityName(m.facility_id)}{' '}
                          <button
                            type="button"
                            className="button button--small"
                            onClick={async () => {
                              const r = await action.run({}, async () => (await removeMembership(u.id, m.id), true));
                              if (r) done(t('admin.membershipRemoved', { username: u.username }));
                            }}
                          >
                            {t('admin.removeMembership', { role: t(`roles.${m.role}`), username: u.username })}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {u.disabled ? t('admin.disabled') : t('admin.active')}{' '}
                    <button
                      type="button"
                      className="button button--small"
                      onClick={async () => {
                        const r = await action.run({}, () => updateUser(u.id, { disabled: !u.disabled }));
                        if (r) done(t(u.disabled ? 'admin.enabledMsg' : 'admin.disabledMsg', { username: u.username }));
                      }}
                    >
                      {u.disabled ? t('admin.enable', { username: u.username }) : t('admin.disable', { username: u.username })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateUserForm onDone={done} />
      {users.data && <MembershipForm users={users.data.items} facilities={org.facilities} onDone={done} />}
    </section>
  );
}

function CreateUserForm({ onDone }: { onDone(msg: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const blank = { username: '', display_name: '', password: '' };
  const [v, setV] = useState(blank);
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { username: v.username.trim(), password: v.password, ...(v.display_name.trim() ? { display_name: v.display_name.trim() } : {}) };
    const ok = await submit.run(body, (b) => createUser(b as typeof body));
    if (ok) {
      setV(blank);
      onDone(t('admin.userCreated', { username: ok.username }));
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="create-user-title">
      <h3 id="create-user-title">{t('admin.createUser')}</h3>
      <FormStatus submit={submit} />
      <Field label={t('home.username')} hint={t('admin.usernameHint')} error={err('username')}>
        {(p) => <input {...p} className="input" autoComplete="off" value={v.username} onChange={(e) => setV({ ...v, username: e.target.value })} />}
      </Field>
      <Field label={t('home.displayName')} error={err('display_name')}>
        {(p) => <input {...p} className="input" autoComplete="off" value={v.display_name} onChange={(e) => setV({ ...v, display_name: e.target.value })} />}
      </Field>
      <Field label={t('admin.password')} hint={t('admin.passwordHint')} error={err('password')}>
        {(p) => <input {...p} type="password" className="input" autoComplete="new-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('admin.createUser')} />
    </form>
  );
}

function MembershipForm({ users, facilities, onDone }: { users: { id: string; username: string }[]; facilities: import('../api/types').Facility[]; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [userId, setUserId] = useState('');
  const [scope, setScope] = useState<ScopeValue>({ role: '', scope_kind: 'facility', country: '', facility_id: '' });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!userId) {
      submit.setFailure({ status: 422, fields: { user: { key: 'forms.errors.required' } }, identifiers: [], findings: {}, reasons: {}, form: { key: 'forms.errors.summary' } });
      return;
    }
    const body = scopeBody(scope);
    const ok = await submit.run(body, (b) => addMembership(userId, b as unknown as MembershipRequest));
    if (ok) onDone(t('admin.membershipAdded', { username: users.find((u) => u.id === userId)?.username ?? '' }));
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="membership-title">
      <h3 id="membership-title">{t('admin.addMembership')}</h3>
      <FormStatus submit={submit} />
      <Field label={t('admin.user')} error={fieldMessage(submit.failure, 'user')}>
        {(p) => (
          <select {...p} className="input" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ScopeFields v={scope} onChange={setScope} facilities={facilities} failure={submit.failure} />
      <SubmitButton pending={submit.pending} label={t('admin.addMembership')} />
    </form>
  );
}
