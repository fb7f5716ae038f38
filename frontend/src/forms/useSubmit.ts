import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api/query';
import type { IdentifierFinding } from '../api/types';
import { describeFailure, type FormFailure } from './problems';

type Body = Record<string, unknown>;

/**
 * Runs a form's write and keeps what the form shows about it: pending, the failure, and the
 * identifier acknowledgement. One Idempotency-Key per submission; a retry of the very same
 * body after a network failure reuses it, so the server answers that request once.
 * When the server flagged possible identifiers, the form shows what it flagged (quoted from
 * the user's text) and a confirmation box; once ticked, the next submission carries
 * acknowledge_identifiers: true. Editing a flagged text withdraws the confirmation (it was
 * given for the text quoted, not for the new one): the next save has the new text checked.
 */
export function useSubmit() {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [flagged, setFlagged] = useState<string[]>([]);
  const [findings, setFindings] = useState<Record<string, IdentifierFinding[]>>({});
  const [acknowledged, setAcknowledged] = useState(false);
  const [edited, setEdited] = useState(false);
  const last = useRef<{ key: string; body: string; retry: boolean } | null>(null);
  const busy = useRef(false);

  const run = useCallback(
    async <T>(body: Body, send: (body: Body, key: string) => Promise<T>): Promise<T | undefined> => {
      if (busy.current) return undefined;
      const full = flagged.length && acknowledged && !edited ? { ...body, acknowledge_identifiers: true } : body;
      const json = JSON.stringify(full);
      const key = last.current?.retry && last.current.body === json ? last.current.key : newIdempotencyKey();
      last.current = { key, body: json, retry: false };
      busy.current = true;
      setPending(true);
      setFailure(null);
      try {
        const res = await send(full, key);
        setFlagged([]);
        setFindings({});
        setAcknowledged(false);
        setEdited(false);
        last.current = null;
        return res;
      } catch (err) {
        const f = describeFailure(err);
        if (f.status === 0 && last.current) last.current.retry = true;
        if (f.identifiers.length) {
          setFlagged(f.identifiers);
          setFindings(f.findings);
          setAcknowledged(false);
          setEdited(false);
        }
        setFailure(f);
        return undefined;
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [flagged, acknowledged, edited],
  );

  /** A flagged text was changed after the warning: its confirmation no longer holds. */
  const markEdited = useCallback(() => {
    setEdited(true);
    setAcknowledged(false);
  }, []);

  const reset = useCallback(() => {
    setFailure(null);
    setFlagged([]);
    setFindings({});
    setAcknowledged(false);
    setEdited(false);
  }, []);

  return { run, pending, failure, setFailure, flagged, findings, acknowledged, setAcknowledged, edited, markEdited, reset };
}

export type Submit = ReturnType<typeof useSubmit>;
