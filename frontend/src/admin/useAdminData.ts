import { listCountries } from '../api/admin';
import { listProgrammes } from '../api/catalogue';
import { listFacilities } from '../api/organisation';
import type { Facility } from '../api/types';
import { useLoad } from '../ui/useLoad';

export const ROLES = ['practitioner', 'supervisor', 'national_authority', 'admin', 'auditor'] as const;
export const SCOPES = ['global', 'country', 'facility'] as const;

export function useCountries() {
  return useLoad((s) => listCountries(s), []).data?.items ?? [];
}

export function useFacilitiesAndProgrammes() {
  const l = useLoad(async (s) => {
    const [f, p] = await Promise.all([listFacilities(s), listProgrammes(s)]);
    return { facilities: f.items as Facility[], programmes: p.items };
  }, []);
  return { ...l, facilities: l.data?.facilities ?? [], programmes: l.data?.programmes ?? [] };
}
