import { createContext, useContext } from 'react';
import type { Case } from '../../api/types';

export interface CaseApi {
  c: Case;
  /** The case's ETag, for If-Match on writes to the case itself. */
  etag: string;
  /** Fetch the case again (after a record changed its phase, review date or version). */
  reload(): void;
}

export const CaseContext = createContext<CaseApi | null>(null);

export function useCase(): CaseApi {
  const ctx = useContext(CaseContext);
  if (!ctx) throw new Error('useCase outside a case workspace');
  return ctx;
}
