import { listInterventionTypes, listMilestoneDefinitions } from '../../api/catalogue';
import { useLoad } from '../../ui/useLoad';

export function useInterventionTypes() {
  return useLoad((s) => listInterventionTypes(s), []).data?.items.filter((x) => !x.retired_at) ?? [];
}

export function useMilestoneDefinitions() {
  return useLoad((s) => listMilestoneDefinitions(s), []).data?.items ?? [];
}
