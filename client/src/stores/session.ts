import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Me, Permissions } from '../../../shared/api/session';
import type { AccessDecision } from '../../../shared/domain/access';
import type { Actor } from '../../../shared/domain/roles';
import { api, ApiError } from '../api';
import { allows as ruleAllows } from '../utils/actor';
import { createPasskey, usePasskey } from '../composables/passkeys';

/** What the login needs after the password; at the second step, the factors the account has (passkey first). */
export type LoginNext =
  { step: 'done' } | { step: 'second-factor'; methods: ('passkey' | 'totp')[] } | { step: 'enrol' };

/** Who is logged in. The session itself is an httpOnly cookie; this store only mirrors `GET /api/session`. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  let restoring: Promise<void> | null = null;

  const isLoggedIn = computed(() => me.value !== null);

  function can(permission: keyof Permissions): boolean {
    return me.value?.permissions[permission] === true;
  }

  /** Whether a rule of shared/domain allows the user: for what `permissions` does not list (art. 11, 12). */
  function allows(rule: (actor: Actor) => AccessDecision): boolean {
    return ruleAllows(me.value, rule);
  }

  /** Asks the server once whether the cookie still holds a session (page load, deep link). */
  function restore(): Promise<void> {
    restoring ??= api
      .session()
      .then((response) => {
        me.value = response.me;
      })
      .catch((error: unknown) => {
        // 401 is the ordinary "nobody logged in"; any other failure also leaves us logged out, and the login
        // form will show the real problem on the next attempt.
        if (!(error instanceof ApiError)) console.error(error);
        me.value = null;
      });
    return restoring;
  }

  /**
   * The password step. Logged in at once only as a demo account in demo mode; otherwise the answer says what
   * comes next (a code of the authenticator app, or enrolling one), and the browser holds a login cookie.
   */
  async function login(username: string, password: string): Promise<LoginNext> {
    const response = await api.login({ username, password });
    if ('next' in response)
      return response.next === 'enrol'
        ? { step: 'enrol' }
        : { step: 'second-factor', methods: response.methods };
    me.value = response.me;
    return { step: 'done' };
  }

  /** The second step with a passkey: the server's challenge, signed on the person's authenticator. */
  async function passkeyLogin(): Promise<void> {
    me.value = (await usePasskey(api.passkeyOptions, api.passkeyLogin)).me;
  }

  /** First login: makes a passkey for this server; the recovery codes are for the screen to show once. */
  async function enrolPasskey(): Promise<string[]> {
    const response = await createPasskey(api.passkeyEnrolmentOptions, api.passkeyEnrol);
    me.value = response.me;
    return response.recoveryCodes;
  }

  /** The second step: a code of the app or a recovery code. */
  async function secondFactor(code: string): Promise<void> {
    me.value = (await api.secondFactor(code)).me;
  }

  /** Completes enrolment; the recovery codes are for the screen to show once. */
  async function confirmEnrolment(code: string): Promise<string[]> {
    const response = await api.confirmEnrolment(code);
    me.value = response.me;
    return response.recoveryCodes;
  }

  async function logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      me.value = null;
    }
  }

  /** The server said the session ended (expired, logged out in another tab). */
  function expire(): void {
    me.value = null;
  }

  return {
    me,
    isLoggedIn,
    can,
    allows,
    restore,
    login,
    secondFactor,
    passkeyLogin,
    confirmEnrolment,
    enrolPasskey,
    logout,
    expire,
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot));
