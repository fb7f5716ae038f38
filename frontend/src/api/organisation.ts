import { request } from './client';
import type { Facility } from './types';

export function listFacilities(signal?: AbortSignal): Promise<{ items: Facility[] }> {
  return request<{ items: Facility[] }>('/api/v1/facilities', { signal });
}
