import { request } from './client';
import { query, type Page } from './query';
import type { AuditEvent, Coverage, Indicator, Statistic, StatProtection } from './types';

export interface AuditFilters {
  /** Part of the actor's name, in any case. */
  actor_contains?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}
export const listAudit = (f: AuditFilters & { cursor?: string }, signal?: AbortSignal) =>
  request<Page<AuditEvent>>(`/api/v1/audit${query({ ...f, limit: 50 })}`, { signal });
/** The CSV download of every event the filters select (the export is itself audited). */
export const auditCsvUrl = (f: AuditFilters) => `/api/v1/audit${query({ ...f, format: 'csv' })}`;
export interface Verdict {
  ok: boolean;
  checked: number;
  broken_at?: number;
  problem?: string;
  /** Whether the server keeps signed checkpoints outside the database. */
  checkpoints_configured?: boolean;
  /** How many signed checkpoints matched the chain, and the highest event they cover. */
  checkpoints?: number;
  anchored?: number;
}
export const verifyAudit = () => request<Verdict>('/api/v1/audit/verify', { method: 'POST' });

export const listIndicators = (signal?: AbortSignal) =>
  request<{ items: Indicator[]; threshold: number; protection: StatProtection }>('/api/v1/statistics/indicators', { signal });

export interface StatQuery {
  from?: string;
  to?: string;
  by?: string;
}
export const statisticUrl = (id: string, q: StatQuery & { format?: 'csv' | 'sdmx' }) =>
  `/api/v1/statistics/${encodeURIComponent(id)}${query({ ...q })}`;
export const getStatistic = (id: string, q: StatQuery, signal?: AbortSignal) =>
  request<Statistic>(statisticUrl(id, q), { signal });
export const getCoverage = (q: { from?: string; to?: string }, signal?: AbortSignal) =>
  request<Coverage>(`/api/v1/statistics/coverage${query(q)}`, { signal });
