import { useEffect, useState } from 'react';

/* What a person typed, kept for the browser tab only (sessionStorage: gone when the tab
 * closes, never written to localStorage), so a session that ends mid-form loses nothing: after
 * signing in again the form comes back as it was. Keys carry the user's id, so another person
 * signing in at the same tab never sees them; signing out on purpose forgets them all. */

const PREFIX = 'pathways.draft.';
let owner: string | null = null;

/** Names whose drafts the hooks read and write; drafts of anyone else are dropped. */
export function setDraftOwner(userId: string | null): void {
  owner = userId;
  forEachDraft((key) => {
    if (!userId || !key.startsWith(`${PREFIX}${userId}.`)) sessionStorage.removeItem(key);
  });
}

/** Forgets every draft (an intended sign-out). */
export function clearDrafts(): void {
  forEachDraft((key) => sessionStorage.removeItem(key));
}

function forEachDraft(fn: (key: string) => void) {
  try {
    const keys: string[] = [];
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
    keys.forEach(fn);
  } catch {
    // Storage refused (private mode, quota): drafts are a convenience, not a record.
  }
}

function storageKey(key: string) {
  return owner ? `${PREFIX}${owner}.${key}` : null;
}

/** Like useState, but the value survives the session ending: it is kept under `key` until
 * discard() (call it once the form is saved), which also puts the initial value back. */
export function useDraft<T>(key: string, initial: T): [T, (next: T | ((old: T) => T)) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    const k = storageKey(key);
    try {
      const raw = k ? sessionStorage.getItem(k) : null;
      if (!raw) return initial;
      const kept = JSON.parse(raw) as T;
      // Fields added to a form since the draft was kept take their initial value.
      return initial && typeof initial === 'object' && !Array.isArray(initial) ? { ...initial, ...kept } : kept;
    } catch {
      return initial;
    }
  });
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    const k = storageKey(key);
    if (!k || !dirty) return;
    try {
      sessionStorage.setItem(k, JSON.stringify(value));
    } catch {
      // see forEachDraft
    }
  }, [key, value, dirty]);
  const set = (next: T | ((old: T) => T)) => {
    setDirty(true);
    setValue(next);
  };
  const discard = () => {
    const k = storageKey(key);
    setDirty(false);
    setValue(initial);
    if (k) sessionStorage.removeItem(k);
  };
  return [value, set, discard];
}
