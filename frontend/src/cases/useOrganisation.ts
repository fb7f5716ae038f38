import { listProgrammes } from '../api/catalogue';
import { listFacilities } from '../api/organisation';
import type { Facility, Programme } from '../api/types';
import { useLoad } from '../ui/useLoad';

/** Facilities and programmes the user may read, for pickers and for names in place of ids. */
export function useOrganisation() {
  const { data } = useLoad(
    async (signal) => {
      const [f, p] = await Promise.all([listFacilities(signal), listProgrammes(signal)]);
      return { facilities: f.items as Facility[], programmes: p.items };
    },
    [],
  );
  const facilities = data?.facilities ?? [];
  const programmes: Programme[] = data?.programmes ?? [];
  const facilityName = (id: string) => facilities.find((f) => f.id === id)?.name ?? id;
  const programmeName = (id: string) => programmes.find((p) => p.id === id)?.name ?? id;
  return { facilities, programmes, facilityName, programmeName };
}
