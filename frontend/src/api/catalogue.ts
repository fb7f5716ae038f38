import { request } from './client';
import type { ClosureReason, Instrument, InterventionType, MilestoneDefinition, OffenceCategory, Practice, Programme } from './types';

type List<T> = Promise<{ items: T[] }>;

export const listProgrammes = (signal?: AbortSignal): List<Programme> => request('/api/v1/programmes', { signal });
export const listOffenceCategories = (signal?: AbortSignal): List<OffenceCategory> =>
  request('/api/v1/offence-categories', { signal });
export const listClosureReasons = (signal?: AbortSignal): List<ClosureReason> =>
  request('/api/v1/closure-reasons', { signal });
export const listInterventionTypes = (signal?: AbortSignal): List<InterventionType> =>
  request('/api/v1/intervention-types', { signal });
export const listMilestoneDefinitions = (signal?: AbortSignal): List<MilestoneDefinition> =>
  request('/api/v1/milestone-definitions', { signal });
export const listInstruments = (signal?: AbortSignal): List<Omit<Instrument, 'definition'>> =>
  request('/api/v1/instruments', { signal });
export const getInstrument = (code: string, signal?: AbortSignal, version?: string): Promise<Instrument> =>
  request(`/api/v1/instruments/${encodeURIComponent(code)}${version ? `?version=${encodeURIComponent(version)}` : ''}`, { signal });
export const listPractices = (signal?: AbortSignal): List<Practice> => request('/api/v1/practices', { signal });
