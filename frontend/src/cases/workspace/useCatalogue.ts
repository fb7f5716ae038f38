import { useTranslation } from 'react-i18next';
import { getInstrument, listInstruments, listInterventionTypes, listMilestoneDefinitions } from '../../api/catalogue';
import { localInstrument } from '../../i18n/labels';
import { useLoad } from '../../ui/useLoad';

export function useInterventionTypes() {
  return useLoad((s) => listInterventionTypes(s), []).data?.items.filter((x) => !x.retired_at) ?? [];
}

export function useMilestoneDefinitions() {
  return useLoad((s) => listMilestoneDefinitions(s), []).data?.items ?? [];
}

/** The words for an assessed need's code (an instrument item, "I2", or domain): its text in the
 * instruments in use, or undefined where none names it (a free need, a licensed instrument
 * loaded without its texts). Item codes are unique within an instrument; across instruments
 * the first one listed names a shared code. */
export function useNeedNames(): (code: string) => string | undefined {
  const { t } = useTranslation();
  const list = useLoad((s) => listInstruments(s), []);
  const codes = (list.data?.items ?? []).filter((i) => !i.retired_at).map((i) => i.code);
  const defs = useLoad((s) => Promise.all(codes.map((c) => getInstrument(c, s).catch(() => null))), [codes.join(',')]);
  const names = new Map<string, string>();
  for (const inst of defs.data ?? []) {
    for (const d of (inst && localInstrument(t, inst))?.definition.domains ?? []) {
      if (d.name && !names.has(d.code)) names.set(d.code, d.name);
      for (const it of d.items) if (it.text && !names.has(it.code)) names.set(it.code, it.text);
    }
  }
  return (code: string) => names.get(code);
}
