import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listCases } from '../api/cases';
import { createGroupSession } from '../api/records';
import type { AttendanceCode, Case, GroupSessionRequest } from '../api/types';
import { today } from '../forms/dates';
import { Field, FieldSet } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { SessionFields } from './SessionFields';
import { useSubmit } from '../forms/useSubmit';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { ATTENDANCE } from '../cases/workspace/SessionForm';
import { useInterventionTypes } from '../cases/workspace/useCatalogue';
import { useOrganisation } from '../cases/useOrganisation';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { notANumber, wholeNumber } from '../forms/numbers';

// A group session is never "individual": that is a session recorded in one case.
const FORMATS = ['group', 'family'];

interface Line {
  attendance: string;
  engagement: string;
}

/** One session delivered to several participants at one facility: picked from the caller's
 * open cases there, each with their own attendance and engagement. */
export function GroupSessionPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('groupSession.title'));
  const org = useOrganisation();
  const types = useInterventionTypes();
  const submit = useSubmit();
  const [chosenFacility, setFacility] = useState('');
  // One facility in the caller's scope: it is the one, so it starts chosen.
  const facility = chosenFacility || (org.myFacilities.length === 1 ? org.myFacilities[0]!.id : '');
  const cases = useLoad(
    (s) => (facility ? listCases({ facility_id: facility, limit: 200 }, s) : Promise.resolve({ items: [] as Case[] })),
    [facility],
  );
  const open = (cases.data?.items ?? []).filter((c) => c.phase !== 'closed');
  const blank = { intervention_type: '', held_on: today(), minutes: '60', format: 'group', notes: '' };
  const [v, setV] = useState(blank);
  const [lines, setLines] = useState<Record<string, Line>>({});
  // The outcome of the last save: who the session was recorded for, each a way to their case.
  const [saved, setSaved] = useState<{ message: string; people: { id: string; pseudonym: string }[] } | null>(null);
  const set = (k: keyof typeof blank) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  const chosen = open.filter((c) => lines[c.id]);
  const err = (p: string) => fieldMessage(submit.failure, p);
  const toggle = (id: string, on: boolean) =>
    setLines((o) => {
      const n = { ...o };
      if (on) n[id] = { attendance: 'attended', engagement: '' };
      else delete n[id];
      return n;
    });
  const setLine = (id: string, patch: Partial<Line>) => setLines((o) => ({ ...o, [id]: { ...o[id]!, ...patch } }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    // Digits of any script are read as numbers (an Arabic keyboard types ٤٥); other text is
    // named as not a number here, not sent as nothing and called missing (trial 17, M1).
    const minutes = wholeNumber(v.minutes);
    if (minutes === null) {
      submit.setFailure(notANumber('minutes'));
      return;
    }
    const body: GroupSessionRequest = {
      intervention_type: v.intervention_type,
      held_on: v.held_on,
      minutes: minutes ?? 0,
      format: v.format as GroupSessionRequest['format'],
      ...(v.notes.trim() ? { notes: v.notes } : {}),
      participants: chosen.map((c) => {
        const l = lines[c.id]!;
        const present = l.attendance === 'attended' || l.attendance === 'late';
        return { case_id: c.id, attendance: l.attendance as AttendanceCode, ...(present && l.engagement ? { engagement: Number(l.engagement) } : {}) };
      }),
    };
    const res = await submit.run({ ...body }, (b, key) => createGroupSession(b as unknown as GroupSessionRequest, key));
    if (res) {
      const people = res.participants.map((p) => ({ id: p.case_id, pseudonym: chosen.find((c) => c.id === p.case_id)?.pseudonym ?? '' }));
      setSaved({ message: t('groupSession.saved', { count: res.participants.length }), people: people.filter((p) => p.pseudonym) });
      setV(blank);
      setLines({});
      cases.reload();
    }
  }

  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('groupSession.title')}</h1>
      <p>{t('groupSession.intro')}</p>
      <div role="status" className={saved ? 'notice' : 'visually-hidden'} data-testid="group-saved">
        {saved && (
          <>
            <p>{saved.message}</p>
            {saved.people.length > 0 && (
              <>
                <p id="group-saved-people">{t('groupSession.recordedFor')}</p>
                <ul aria-labelledby="group-saved-people">
                  {saved.people.map((p) => (
                    <li key={p.id}>
                      <Link to={`/cases/${encodeURIComponent(p.id)}/sessions`}>
                        <bdi>{p.pseudonym}</bdi>
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
      <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="group-session-form">
        <h2 id="group-session-form">{t('groupSession.form')}</h2>
        <FormStatus submit={submit} />
        <Field label={t('cases.facility')}>
          {(p) => (
            <select {...p} className="input" value={facility} onChange={(e) => { setFacility(e.target.value); setLines({}); }}>
              <option value="">{t('forms.choose')}</option>
              {org.myFacilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SessionFields v={v} set={set} err={err} types={types} formats={FORMATS} />
        <FieldSet legend={t('groupSession.participants')} error={err('participants')}>
          <LoadState loading={cases.loading && !cases.data} error={cases.error} onRetry={cases.reload} />
          {facility && cases.data && open.length === 0 && <p>{t('groupSession.noCases')}</p>}
          {!facility && <p className="field__hint">{t('groupSession.chooseFacility')}</p>}
          {open.length > 0 && (
            <table className="table" data-testid="group-participants">
              <caption className="visually-hidden">{t('groupSession.participants')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('groupSession.include')}</th>
                  <th scope="col">{t('cases.phase')}</th>
                  <th scope="col">{t('sessions.attendance')}</th>
                  <th scope="col">{t('sessions.engagement')}</th>
                </tr>
              </thead>
              <tbody>
                {open.map((c) => {
                  const l = lines[c.id];
                  const i = chosen.findIndex((x) => x.id === c.id);
                  const at = `participants[${i}]`;
                  const present = l && (l.attendance === 'attended' || l.attendance === 'late');
                  const aErr = i >= 0 ? err(`${at}.attendance`) ?? err(`${at}.case_id`) : undefined;
                  const eErr = i >= 0 ? err(`${at}.engagement`) : undefined;
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        <div className="checkbox">
                          <input id={`gs-${c.id}`} type="checkbox" checked={!!l} onChange={(e) => toggle(c.id, e.target.checked)} />
                          <label htmlFor={`gs-${c.id}`}>{c.pseudonym}</label>
                        </div>
                      </th>
                      <td>{t(`phase.${c.phase}`)}</td>
                      <td>
                        {l && (
                          <>
                            <select
                              className="input"
                              aria-label={t('groupSession.attendanceOf', { pseudonym: c.pseudonym })}
                              aria-invalid={aErr ? true : undefined}
                              value={l.attendance}
                              onChange={(e) => setLine(c.id, { attendance: e.target.value })}
                            >
                              {ATTENDANCE.map((x) => (
                                <option key={x} value={x}>
                                  {t(`attendance.${x}`)}
                                </option>
                              ))}
                            </select>
                            {aErr && <p className="field__error">{t(aErr.key, aErr.values ?? {})}</p>}
                          </>
                        )}
                      </td>
                      <td>
                        {present && (
                          <>
                            <select
                              className="input"
                              aria-label={t('groupSession.engagementOf', { pseudonym: c.pseudonym })}
                              aria-invalid={eErr ? true : undefined}
                              value={l.engagement}
                              onChange={(e) => setLine(c.id, { engagement: e.target.value })}
                            >
                              <option value="">{t('forms.notRecorded')}</option>
                              {[1, 2, 3, 4, 5].map((n) => (
                                <option key={n} value={n}>
                                  {t(`engagement.${n}`)}
                                </option>
                              ))}
                            </select>
                            {eErr && <p className="field__error">{t(eErr.key, eErr.values ?? {})}</p>}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </FieldSet>
        <Field label={t('sessions.notes')} hint={t('forms.noIdentifiersHint')} error={err('notes')}>
          {(p) => <textarea {...p} className="input" rows={4} value={v.notes} onChange={(e) => set('notes')(e.target.value)} />}
        </Field>
        <p className="muted">{t('groupSession.count', { count: chosen.length })}</p>
        <SubmitButton pending={submit.pending} label={t('groupSession.save')} />
      </form>
      <p>
        <Link to="/caseload">{t('nav.caseload')}</Link>
      </p>
    </div>
  );
}
