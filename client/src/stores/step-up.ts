import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api';
import { usePasskey } from '../composables/passkeys';

/**
 * The step-up: before the most sensitive actions the server wants a recent login (server/services/step-up.ts). The
 * dialog (StepUpDialog.vue) asks for the password again, and a code when the account has a second factor; the
 * action then goes ahead. One question at a time: several requests that need it wait for the same answer.
 */
export const useStepUpStore = defineStore('step-up', () => {
  const open = ref(false);
  /** The server asked for a code of the second factor (the account has one). */
  const needsCode = ref(false);
  /** How this session confirms: the password here, or at the identity provider it was opened with. */
  const via = ref<'password' | 'identity-provider'>('password');
  let answer: Promise<boolean> | null = null;
  let settle: ((confirmed: boolean) => void) | null = null;

  /** Opens the dialog; resolves true once confirmed, false when the user cancels. */
  function ask(): Promise<boolean> {
    answer ??= new Promise<boolean>((resolve) => {
      open.value = true;
      api.stepUpStatus().then(
        (status) => (via.value = status.via),
        () => undefined,
      );
      settle = (confirmed) => {
        open.value = false;
        needsCode.value = false;
        answer = null;
        settle = null;
        resolve(confirmed);
      };
    });
    return answer;
  }

  /** Sends the confirmation; throws the server's error (wrong password, a code needed or wrong) for the form. */
  async function confirm(password: string, code: string): Promise<void> {
    await api.stepUp({ password, ...(code ? { code } : {}) });
    settle?.(true);
  }

  /** The same with a passkey instead of a code: the server's challenge, signed on the person's authenticator. */
  async function confirmWithPasskey(password: string): Promise<void> {
    await usePasskey(api.stepUpPasskeyOptions, (passkey) => api.stepUp({ password, passkey }));
    settle?.(true);
  }

  function cancel(): void {
    settle?.(false);
  }

  /** For what is no API call (a download link): asks first when the session is not recent enough. */
  async function ensureRecent(): Promise<boolean> {
    const status = await api.stepUpStatus();
    if (status.validUntil !== null) return true;
    via.value = status.via;
    return ask();
  }

  return { open, needsCode, via, ask, confirm, confirmWithPasskey, cancel, ensureRecent };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStepUpStore, import.meta.hot));
