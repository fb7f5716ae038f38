import { useEffect, useId, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { messageText } from './message';
import type { Submit } from './useSubmit';

/** A field of the form that a problem is about: its label as the form shows it (with the
 * item it belongs to, "Goal 2: Need") and the id of its control, to move focus to. */
interface Target {
  label: string;
  controlId: string | null;
}

const quoteAttr = (v: string) => v.replace(/["\\]/g, '\\$&');
const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? '';

/** Finds each problem's field in the form: fields in error carry their problem's path
 * (Field's data-field-path). */
function findTargets(root: Element, paths: string[], colon: string): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const path of paths) {
    const el = root.querySelector(`[data-field-path="${quoteAttr(path)}"]`);
    if (!el) continue;
    const own = text(el.querySelector(':scope > label, :scope > legend'));
    const item = text(el.parentElement?.closest('fieldset')?.querySelector(':scope > legend'));
    const label = item && own && !own.includes(item) ? `${item}${colon} ${own}` : own || item;
    const control = el.querySelector<HTMLElement>('input, select, textarea');
    out[path] = { label, controlId: control?.id || null };
  }
  return out;
}

function focusControl(e: MouseEvent, id: string | null) {
  e.preventDefault();
  if (!id) return;
  const el = document.getElementById(id);
  el?.focus();
  el?.scrollIntoView?.({ block: 'center' });
}

/** The message at the top of a form after a refused write, moved into focus so keyboard and
 * screen-reader users learn of it at once. Each problem is listed in the reader's language
 * under the label of its field, as a link that moves focus to it. Text the server's screen
 * flagged as possibly identifying is explained once, here: what was found (quoted), why it
 * matters, and the two ways on (edit it, or confirm there is no one to identify and save).
 * For 412, a way to reload what someone else changed. */
export function FormStatus({ submit, onReload }: { submit: Submit; onReload?: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const ackId = useId();
  const { failure, flagged, findings, acknowledged, setAcknowledged, edited, markEdited } = submit;
  const [targets, setTargets] = useState<Record<string, Target>>({});

  // The labels are the form's own: read them from the fields once they are marked.
  useLayoutEffect(() => {
    const root = ref.current?.closest('form') ?? ref.current?.parentElement;
    setTargets(failure && root ? findTargets(root, Object.keys(failure.fields), t('punctuation.colon')) : {});
  }, [failure, t]);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);

  // Typing in a flagged text withdraws its confirmation. The listener sits on the document,
  // not on the form: an input event reaches the form before React's own listener at the root,
  // and a state update made there is rendered (the browser runs microtasks between listeners)
  // before React's onChange has read the new text, so the controlled field was rendered back
  // to its old value and the keystroke, paste or fill was lost (trial 16, S6). On the
  // document, it runs after React has taken the new value.
  useEffect(() => {
    const root = ref.current?.closest('form');
    const doc = root?.ownerDocument;
    if (!root || !doc || !flagged.length) return;
    const onInput = (e: Event) => {
      const target = e.target as Element | null;
      if (!target || !root.contains(target)) return;
      const field = target.closest('[data-field-path]');
      if (field && flagged.includes(field.getAttribute('data-field-path') ?? '')) markEdited();
    };
    doc.addEventListener('input', onInput);
    return () => doc.removeEventListener('input', onInput);
  }, [flagged, markEdited]);

  const nameOf = (path: string) => {
    const target = targets[path];
    if (target?.label) {
      return (
        <a href={target.controlId ? `#${target.controlId}` : '#'} onClick={(e) => focusControl(e, target.controlId)}>
          {target.label}
        </a>
      );
    }
    // A field the form does not show: named in words if we know it, never by its API path.
    const leaf = path.replace(/\[[^\]]*\]/g, '').split('.').pop() ?? path;
    const known = t(`forms.errors.fieldName.${leaf}`, { defaultValue: '' });
    return known ? <span>{known}</span> : null;
  };
  const others = failure ? Object.entries(failure.fields).filter(([path]) => !flagged.includes(path)) : [];
  const firstFlagged = flagged.map((p) => targets[p]?.controlId).find(Boolean) ?? null;

  return (
    <div ref={ref} tabIndex={-1} role="alert" className={failure?.form || flagged.length ? 'form-error' : 'form-error form-error--empty'}>
      {failure?.form && <p>{messageText(t, failure.form)}</p>}
      {others.length > 0 && (
        <ul data-testid="error-summary">
          {others.map(([path, m]) => {
            const name = nameOf(path);
            return (
              <li key={path}>
                {name && (
                  <>
                    {name}
                    {t('forms.errors.labelSeparator')}
                  </>
                )}
                {messageText(t, m)}
              </li>
            );
          })}
        </ul>
      )}
      {flagged.length > 0 && (
        <div className="identifier-warning" data-testid="identifier-warning">
          <p className="identifier-warning__title">{t('identifierCheck.title')}</p>
          {flagged.map((path) => {
            const name = nameOf(path);
            const found = findings[path] ?? [];
            return (
              <div key={path}>
                <p className="identifier-warning__lead">{name ?? t('identifierCheck.found')}</p>
                {found.length > 0 && (
                  <ul className="identifier-findings">
                    {found.map((f, i) => (
                      <li key={i}>
                        <q>
                          <bdi>{f.text}</bdi>
                        </q>{' '}
                        ({t(`forms.identifierKind.${f.kind}`, { defaultValue: t('identifierCheck.kindOther') })})
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
          <p>{t('identifierCheck.why')}</p>
          {edited ? (
            <p data-testid="identifier-edited">{t('identifierCheck.edited')}</p>
          ) : (
            <>
              <p>{t('identifierCheck.choice')}</p>
              {firstFlagged && (
                <p>
                  <a href={`#${firstFlagged}`} className="button button--small" onClick={(e) => focusControl(e, firstFlagged)}>
                    {t('identifierCheck.edit')}
                  </a>
                </p>
              )}
              <div className="checkbox">
                <input id={ackId} type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
                <label htmlFor={ackId}>{t('forms.acknowledge')}</label>
              </div>
            </>
          )}
        </div>
      )}
      {failure?.status === 412 && onReload && (
        <button type="button" className="button" onClick={onReload}>
          {t('forms.reload')}
        </button>
      )}
    </div>
  );
}
