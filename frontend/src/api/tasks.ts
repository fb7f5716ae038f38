import { request } from './client';
import { query, type Page } from './query';
import type { Task, TaskSummary } from './types';

export type TaskPage = Page<Task> & { summary: TaskSummary };

/** The caller's tasks, computed by the server from the records (GET /api/v1/tasks). */
export function listTasks(f: { case_id?: string; cursor?: string; limit?: number }, signal?: AbortSignal) {
  return request<TaskPage>(`/api/v1/tasks${query({ ...f })}`, { signal });
}
