import { DEFERRAL_GROUNDS } from '../../../shared/domain/notification';
import type { SelectOption } from '../utils/options';

/**
 * The grounds of art. 43 Wbp (now art. 23 AVG) on which informing the subject is deferred (art. 11.3) or a request
 * refused (art. 12.4), as the law lists them: a. to e. The label is the law's own wording (`deferralGrounds.*`).
 */
export function groundOptions(t: (key: string, params?: Record<string, unknown>) => string): SelectOption[] {
  return DEFERRAL_GROUNDS.map((ground, index) => ({
    value: ground,
    label: t('deferralGrounds.option', {
      letter: String.fromCharCode(97 + index),
      ground: t(`deferralGrounds.${ground}`),
    }),
  }));
}
