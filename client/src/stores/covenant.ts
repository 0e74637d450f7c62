import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { CovenantView, PartyView, ReferenceFrameworkView } from '../../../shared/api/covenant';
import { CORE_ORGANISATION_TYPES } from '../../../shared/domain/parties';
import { api } from '../api';

/**
 * The user's covenant: parties and reference framework. It holds no personal data and changes rarely, so it is
 * fetched once and shared by the forms that need it (signal, decision).
 */
export const useCovenantStore = defineStore('covenant', () => {
  const covenant = shallowRef<CovenantView | null>(null);
  let loading: Promise<CovenantView> | null = null;

  function load(): Promise<CovenantView> {
    if (covenant.value) return Promise.resolve(covenant.value);
    loading ??= api
      .covenant()
      .then((value) => (covenant.value = value))
      .finally(() => (loading = null));
    return loading;
  }

  /** The three core parties, in the order municipality, police, prosecution. */
  const coreParties = computed<PartyView[]>(() => {
    const parties = covenant.value?.parties ?? [];
    return CORE_ORGANISATION_TYPES.flatMap((type) =>
      parties.filter((party) => party.kind === 'core' && party.organisationType === type),
    );
  });

  const otherParties = computed<PartyView[]>(() =>
    (covenant.value?.parties ?? []).filter((party) => party.kind !== 'core'),
  );

  function replaceReferenceFramework(framework: ReferenceFrameworkView): void {
    if (covenant.value) covenant.value = { ...covenant.value, referenceFramework: framework };
  }

  return { covenant, coreParties, otherParties, load, replaceReferenceFramework };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCovenantStore, import.meta.hot));
