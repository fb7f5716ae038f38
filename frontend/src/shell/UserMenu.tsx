import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext';
import { SignOutButton } from './SignOutButton';

/** A disclosure (not an ARIA menu: it holds ordinary content and a button). */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="user-menu__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">
          {t('user.menu')}
          {t('punctuation.colon')}{' '}
        </span>
        {user.display_name || user.username}
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__name">{user.display_name}</p>
        <p className="user-menu__username">{user.username}</p>
        <SignOutButton />
      </div>
    </div>
  );
}
