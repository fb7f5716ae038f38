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
  // What the caller's forms offer: the API marks the facilities and programmes where the
  // caller works (in_my_scope); the others are only names to show.
  const myFacilities = facilities.filter((f) => f.in_my_scope);
  const myProgrammes = programmes.filter((p) => p.in_my_scope);
  const facilityName = (id: string) => facilities.find((f) => f.id === id)?.name ?? id;
  const programmeName = (id: string) => programmes.find((p) => p.id === id)?.name ?? id;
  const facilityCountry = (id: string) => facilities.find((f) => f.id === id)?.country;
  return { facilities, programmes, myFacilities, facilityCountry, myProgrammes, facilityName, programmeName };
}
