import { createI18n } from 'vue-i18n';
import en from './en';
import nl, { type Messages } from './nl';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'casustafel.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Dutch unless the user chose English before (the choice is a preference, not personal data). */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'nl';
  } catch {
    return 'nl'; // localStorage can be unavailable (privacy settings); Dutch is the default anyway.
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'nl',
  messages: { nl, en },
  // Dates are formatted with Intl in utils/format.ts; no number/date formats needed here.
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; the switch still holds for this page.
  }
}
