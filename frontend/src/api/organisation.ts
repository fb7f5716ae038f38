import { request } from './client';

export interface Facility {
  id: string;
  country: string;
  name: string;
  kind: string;
  created_at: string;
}

export function listFacilities(signal?: AbortSignal): Promise<{ items: Facility[] }> {
  return request<{ items: Facility[] }>('/api/v1/facilities', { signal });
}
