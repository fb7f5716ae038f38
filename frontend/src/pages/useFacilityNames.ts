import { useEffect, useState } from 'react';
import { listFacilities } from '../api/organisation';
import type { User } from '../api/types';
import { can } from '../auth/permissions';

/** Facility names by id, so scopes read "Northgate Prison" rather than a UUID. Loaded only
 * when the user has a facility-scoped role and may read the organisation; until then (or if
 * it fails) callers fall back to the id. */
export function useFacilityNames(user: User): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  const wanted = can(user, 'organisation:read') && user.memberships.some((m) => m.facility_id);
  useEffect(() => {
    if (!wanted) return;
    const ctl = new AbortController();
    listFacilities(ctl.signal).then(
      (res) => setNames(new Map(res.items.map((f) => [f.id, f.name]))),
      () => {
        // Names are a nicety here; the id is still shown.
      },
    );
    return () => ctl.abort();
  }, [wanted]);
  return names;
}
