import type { MaskingPolicy } from './masking';
import type { ConsentCapacity } from './disclosure';
import { MODEL_MASKING_POLICY } from './masking-defaults';

/**
 * A covenant's policy settings, stored with the covenant. Regions differ (150+ convenants, the 2016 research report on privacy in local safety work), so every
 * number here is data; the defaults are the model convenant's.
 */
export interface CovenantPolicy {
  retention: {
    /** Art. 13.3: weegploeg data on subjects not put on the agenda, at most 6 months. */
    notAgendaedMaxMonths: number;
    /** Art. 13.2: at most 1 year after the last processing, to the non-active archive (core parties only). */
    archiveAfterMonths: number;
    /** Art. 13.1: 5 years after the last processing, destroyed. */
    destroyAfterYears: number;
    /**
     * A step postponed because the file is on the agenda of a meeting that never took place: how many months past
     * that meeting's date the executor and the officer are told (absent: POSTPONEMENT_NOTICE_MONTHS).
     */
    postponementNoticeMonths?: number;
  };
  /** Art. 12: requests for access and correction are answered within 4 weeks. */
  subjectRequestWeeks: number;
  /** Which participant categories may see which file (art. 8.4, 10.4, 10.5). Refined per field in the masking policy. */
  fileAccess: {
    weighingFile: readonly ('core' | 'executor')[];
    caseFile: readonly ('core' | 'case' | 'executor')[];
    /** Art. 10.5: external partners see the plan of approach; other data only when disclosed with consent. */
    externalPartnersSee: readonly 'plan_of_approach'[];
  };
  /**
   * Per meeting kind, participant and compartment: hidden, masked, read or write (art. 8.4, 10.4, 10.5). Absent in
   * covenants stored before it existed; the model convenant's policy applies to those.
   */
  masking?: MaskingPolicy;
  /** Art. 10.5: whose consent a disclosure to an external partner needs (absent: the chair and the data's owner). */
  disclosureConsent?: readonly ConsentCapacity[];
  /**
   * How recent (minutes) a login or confirmation must be for the most sensitive actions: seeing the original text
   * behind a correction, exporting the access log, granting or changing authorisations, restoring an archived file
   * (BIO: strong authentication for such data). Absent: STEP_UP_MINUTES.
   */
  stepUpMinutes?: number;
  /**
   * Login via a partner's OpenID Connect provider (BIO strong authentication; NL GOV Assurance profile for OpenID
   * Connect). `requiredAcr`: the `acr` values of an ID token that are accepted, since such a login skips the local
   * second factor. Absent or empty: any `acr` is accepted (then the provider alone vouches for the strength).
   */
  oidc?: { requiredAcr?: readonly string[] };
}

/** The default of `retention.postponementNoticeMonths`. */
export const POSTPONEMENT_NOTICE_MONTHS = 3;

/** The default of `stepUpMinutes`. */
export const STEP_UP_MINUTES = 10;

export const MODEL_COVENANT_POLICY: CovenantPolicy = {
  retention: { notAgendaedMaxMonths: 6, archiveAfterMonths: 12, destroyAfterYears: 5 },
  subjectRequestWeeks: 4,
  fileAccess: {
    weighingFile: ['core', 'executor'],
    caseFile: ['core', 'case', 'executor'],
    externalPartnersSee: ['plan_of_approach'],
  },
  masking: MODEL_MASKING_POLICY,
  disclosureConsent: ['chair', 'owner'],
};
