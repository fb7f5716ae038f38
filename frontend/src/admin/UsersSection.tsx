import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addMembership, createUser, listUsers, removeMembership, resetPassword, updateUser, type Outcome } from '../api/admin';
import type { Facility, MembershipRequest, NewUserRequest } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { ScopeFields, scopeBody, type ScopeValue } from './ScopeFields';
import { SecretNotice, formatInstant } from './SecretNotice';
import { useFacilitiesAndProgrammes } from './useAdminData';

/** A one-time set-password code to show the administrator, for one person. */
interface ShownCode {
  username: string;
  code: string;
  expiresAt: string;
  kind: 'setup' | 'reset';
}

/** Users in the administrator's scope. Nobody here ever chooses another person's password:
 * creating a user or resetting a password shows a one-time code to pass on. Changes to
 * another administrator's or an auditor's account go to a second administrator. */
export function UsersSection({ version, onRequested }: { version: number; onRequested(): void }) {
  const { t, i18n } = useTranslation();
  const users = useLoad((s) => listUsers(s), [version]);
  const org = useFacilitiesAndProgrammes();
  const action = useSubmit();
  const [saved, setSaved] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownCode | null>(null);
  const facilityName = (id?: string) => org.facilities.find((f) => f.id === id)?.name ?? id ?? '';
  const done = (msg: string) => {
    setSaved(msg);
    users.reload();
  };
  /** Reports an outcome: the change made, or a request sent for approval. */
  function report<T>(r: Outcome<T> | undefined, doneMsg: string): r is Outcome<T> {
    if (!r) return false;
    if (r.pending) {
      setSaved(t('admin.pendingMsg'));
      onRequested();
    } else done(doneMsg);
    return true;
  }
  return (
    <section aria-labelledby="admin-users" className="card">
      <h2 id="admin-users">{t('admin.users')}</h2>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      {shown && (
        <SecretNotice
          label={t(shown.kind === 'setup' ? 'admin.setupCodeFor' : 'admin.resetCodeFor', { username: shown.username })}
          secret={shown.code}
          warning={t('admin.codeWarning', { username: shown.username })}
          expires={t('admin.codeExpires', { at: formatInstant(shown.expiresAt, i18n.language) })}
          testId={shown.kind === 'setup' ? 'setup-code' : 'reset-code'}
        />
      )}
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
                <th scope="col">{t('admin.passwordColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>
                    <RenameUser
                      username={u.username}
                      name={u.display_name}
                      onSave={async (display_name) => {
                        setShown(null);
                        const r = await action.run({ display_name }, () => updateUser(u.id, { display_name }));
                        return report(r, t('admin.renamedMsg', { username: u.username }));
                      }}
                    />
                  </td>
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
                              setShown(null);
                              report(await action.run({}, () => removeMembership(u.id, m.id)), t('admin.membershipRemoved', { username: u.username }));
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
                        setShown(null);
                        const r = await action.run({}, () => updateUser(u.id, { disabled: !u.disabled }));
                        report(r, t(u.disabled ? 'admin.enabledMsg' : 'admin.disabledMsg', { username: u.username }));
                      }}
                    >
                      {u.disabled ? t('admin.enable', { username: u.username }) : t('admin.disable', { username: u.username })}
                    </button>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={async () => {
                        setShown(null);
                        const r = await action.run({}, () => resetPassword(u.id));
                        if (report(r, t('admin.resetMsg', { username: u.username })) && r.done) {
                          setShown({ username: u.username, code: r.done.code, expiresAt: r.done.expires_at, kind: 'reset' });
                        }
                      }}
                    >
                      {t('admin.resetPassword', { username: u.username })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateUserForm
        facilities={org.facilities}
        onCreated={(username, code, expiresAt) => {
          done(t('admin.userCreated', { username }));
          setShown({ username, code, expiresAt, kind: 'setup' });
        }}
      />
      {users.data && (
        <MembershipForm
          users={users.data.items}
          facilities={org.facilities}
          onDone={(r, username) => {
            setShown(null);
            report(r, t('admin.membershipAdded', { username }));
          }}
        />
      )}
    </section>
  );
}

/** A person's display name, with an in-place form to change it (an administrator's or
 * auditor's name goes to a second administrator). */
function RenameUser({ username, name, onSave }: { username: string; name: string; onSave(v: string): Promise<boolean> }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState(name);
  if (!editing) {
    return (
      <>
        {name}{' '}
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setV(name);
            setEditing(true);
          }}
        >
          {t('admin.rename', { username })}
        </button>
      </>
    );
  }
  return (
    <form
      className="inline-form"
      aria-label={t('admin.rename', { username })}
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        if (await onSave(v.trim())) setEditing(false);
      }}
    >
      <label htmlFor={`rename-${username}`} className="visually-hidden">
        {t('home.displayName')}
      </label>
      <input id={`rename-${username}`} className="input" autoFocus maxLength={200} value={v} onChange={(e) => setV(e.target.value)} />{' '}
      <button type="submit" className="button button--small button--primary">
        {t('admin.save')}
      </button>{' '}
      <button type="button" className="button button--small" onClick={() => setEditing(false)}>
        {t('admin.cancel')}
      </button>
    </form>
  );
}

function CreateUserForm({ facilities, onCreated }: { facilities: Facility[]; onCreated(username: string, code: string, expiresAt: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const blank = { username: '', display_name: '' };
  const [v, setV] = useState(blank);
  const [place, setPlace] = useState<ScopeValue>({ role: '', scope_kind: '', country: '', facility_id: '' });
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { username: v.username.trim(), ...(v.display_name.trim() ? { display_name: v.display_name.trim() } : {}), ...scopeBody(place) };
    const ok = await submit.run(body, (b) => createUser(b as NewUserRequest));
    if (ok) {
      setV(blank);
      onCreated(ok.username, ok.setup_code, ok.setup_code_expires_at);
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="create-user-title">
      <h3 id="create-user-title">{t('admin.createUser')}</h3>
      <p className="muted">{t('admin.createUserHint')}</p>
      <FormStatus submit={submit} />
      <Field label={t('home.username')} hint={t('admin.usernameHint')} error={err('username')}>
        {(p) => <input {...p} className="input" autoComplete="off" value={v.username} onChange={(e) => setV({ ...v, username: e.target.value })} />}
      </Field>
      <Field label={t('home.displayName')} error={err('display_name')}>
        {(p) => <input {...p} className="input" autoComplete="off" value={v.display_name} onChange={(e) => setV({ ...v, display_name: e.target.value })} />}
      </Field>
      <ScopeFields
        v={place}
        onChange={setPlace}
        facilities={facilities}
        failure={submit.failure}
        roles={null}
        ownScope
        scopeLabel={t('admin.placeIn')}
        scopeHint={t('admin.placeInHint')}
      />
      <SubmitButton pending={submit.pending} label={t('admin.createUser')} />
    </form>
  );
}

function MembershipForm({
  users,
  facilities,
  onDone,
}: {
  users: { id: string; username: string }[];
  facilities: Facility[];
  onDone(r: Outcome<unknown>, username: string): void;
}) {
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
    const r = await submit.run(body, (b) => addMembership(userId, b as unknown as MembershipRequest));
    if (r) onDone(r, users.find((u) => u.id === userId)?.username ?? '');
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="membership-title">
      <h3 id="membership-title">{t('admin.addMembership')}</h3>
      <p className="muted">{t('admin.addMembershipHint')}</p>
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
