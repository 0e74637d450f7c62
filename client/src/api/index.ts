import type {
  AuthorisationList,
  AuthorisationView,
  ChangeAuthorisationBody,
  GrantAuthorisationBody,
  GrantedAuthorisation,
} from '../../../shared/api/authorisations';
import type { CaseFileDetail, CaseFileList } from '../../../shared/api/case-files';
import type {
  CovenantView,
  ReferenceFrameworkView,
  UpdateReferenceFrameworkBody,
} from '../../../shared/api/covenant';
import type {
  AddAgendaItemBody,
  MeetingDetail,
  MeetingList,
  ScheduleMeetingBody,
  WithdrawalBody,
} from '../../../shared/api/meetings';
import type {
  DecideDisclosureBody,
  DisclosureList,
  DisclosureView,
  ProposeDisclosureBody,
} from '../../../shared/api/disclosures';
import type {
  DeferNotificationBody,
  InformedBody,
  NotificationList,
  NotificationView,
} from '../../../shared/api/notifications';
import type {
  AccessLogQuery,
  AccessLogView,
  AccessReviewList,
  AccessReviewView,
  IncidentList,
  IncidentView,
  RecordReviewBody,
  RegisterIncidentBody,
  UpdateIncidentBody,
} from '../../../shared/api/oversight';
import type { PartyNoticeCount, PartyNoticeList, PartyNoticeView } from '../../../shared/api/party-notices';
import type { MeetingPolicyView } from '../../../shared/api/policy';
import type {
  CarriedOutCorrectionView,
  CorrectionRequestBody,
  CorrectionRequestList,
  CorrectionRequestView,
  MinutesAcknowledgementView,
  MinutesAcknowledgementsView,
  MinutesToReadList,
  OwnAcknowledgementView,
} from '../../../shared/api/minutes-reading';
import type { MeetingRecordView, RectificationView, RectifyBody } from '../../../shared/api/records';
import type { OverduePostponements, RestoreFileBody, RetentionOverview } from '../../../shared/api/retention';
import type { SetAsideUpdates } from '../../../shared/api/set-aside';
import type {
  EnrolmentOffer,
  EnrolmentResponse,
  LoginBody,
  LoginResponse,
  PasswordChangeBody,
  PasswordChangeResponse,
  OwnSessionsResponse,
  EndedSessionsResponse,
  SessionResponse,
  StepUpBody,
  StepUpResponse,
  StepUpStatus,
} from '../../../shared/api/session';
import type {
  OwnPasskeyList,
  PasskeyAssertion,
  PasskeyOptions,
  PasskeyRegistration,
} from '../../../shared/api/passkeys';
import type {
  CarriedOutBody,
  DecideRequestBody,
  RegisterRequestBody,
  SubjectOverview,
  SubjectRequestList,
  SubjectRequestView,
  VerifyIdentityBody,
} from '../../../shared/api/subject-requests';
import type {
  RecordDecisionBody,
  RecordDecisionResponse,
  RegisterSignalBody,
  RegisterSignalResponse,
  WeighingFileDetail,
  WeighingFileList,
} from '../../../shared/api/weighing';
import { searchOf } from '../oversight/access-log';
import { request } from './http';

export {
  ApiError,
  confirmIdentity,
  NETWORK_ERROR,
  onApiVersionMismatch,
  onStepUpRequired,
  onUnauthenticated,
} from './http';

// Ids come from the server, but they still go through encodeURIComponent: a URL is never built from raw input.
const id = (value: string) => encodeURIComponent(value);

/** Where the PDF of the frozen minutes is downloaded (same view, the reader's name on it); a link, not a fetch. */
/** The minutes as a PDF in the reader's language (the one the screens speak). */
export const minutesPdfUrl = (meetingId: string, language: 'nl' | 'en') =>
  `/api/meetings/${id(meetingId)}/record/pdf?lang=${language}`;
/** The meeting as a calendar invitation (.ics): title, time and link only. */
export const meetingCalendarUrl = (meetingId: string) => `/api/meetings/${id(meetingId)}/calendar.ics`;

/**
 * Where the overview of an access request is downloaded as a PDF, to send to the subject (art. 12.3); a link, not
 * a fetch. The footer names the executor who downloaded it; producing it is logged.
 */
export const subjectOverviewPdfUrl = (requestId: string) =>
  `/api/subject-requests/${id(requestId)}/overview/pdf`;

/**
 * Where the access log is downloaded as CSV with the same filters as on screen (art. 15.2e); a link, not a fetch.
 * Downloading it is logged.
 */
export const accessLogCsvUrl = (query: AccessLogQuery) =>
  `/api/access-log${searchOf({ ...query, format: 'csv' })}`;

/** One typed function per endpoint of the wire contract (shared/api). */
export const api = {
  login: (body: LoginBody) => request<LoginResponse>('/api/session', { method: 'POST', body }),
  secondFactor: (code: string) =>
    request<SessionResponse>('/api/session/second-factor', { method: 'POST', body: { code } }),
  enrolmentOffer: () => request<EnrolmentOffer>('/api/session/enrolment', { method: 'POST' }),
  confirmEnrolment: (code: string) =>
    request<EnrolmentResponse>('/api/session/enrolment/confirm', { method: 'POST', body: { code } }),
  /** Passkeys: the server's challenge, then the authenticator's answer (login, first-login enrolment, step-up). */
  passkeyOptions: () => request<PasskeyOptions>('/api/session/passkey/options', { method: 'POST' }),
  passkeyLogin: (credential: PasskeyAssertion) =>
    request<SessionResponse>('/api/session/passkey', { method: 'POST', body: { credential } }),
  passkeyEnrolmentOptions: () =>
    request<PasskeyOptions>('/api/session/enrolment/passkey/options', { method: 'POST' }),
  passkeyEnrol: (credential: PasskeyRegistration) =>
    request<EnrolmentResponse>('/api/session/enrolment/passkey', { method: 'POST', body: { credential } }),
  /** The account's own passkeys (adding or removing one needs a recent login). */
  ownPasskeys: () => request<OwnPasskeyList>('/api/account/passkeys'),
  addPasskeyOptions: () => request<PasskeyOptions>('/api/account/passkeys/options', { method: 'POST' }),
  addPasskey: (credential: PasskeyRegistration) =>
    request<void>('/api/account/passkeys', { method: 'POST', body: { credential } }),
  removePasskey: (passkeyId: string) =>
    request<void>(`/api/account/passkeys/${encodeURIComponent(passkeyId)}`, { method: 'DELETE' }),
  stepUpPasskeyOptions: () => request<PasskeyOptions>('/api/session/step-up/passkey', { method: 'POST' }),
  health: () => request<{ status: string; demo: boolean }>('/api/health'),
  session: () => request<SessionResponse>('/api/session'),
  logout: () => request<void>('/api/session', { method: 'DELETE' }),
  stepUpStatus: () => request<StepUpStatus>('/api/session/step-up'),
  stepUp: (body: StepUpBody) => request<StepUpResponse>('/api/session/step-up', { method: 'POST', body }),
  changePassword: (body: PasswordChangeBody) =>
    request<PasswordChangeResponse>('/api/session/password', { method: 'POST', body }),
  /** The live sessions of the logged-in user, the current one marked. */
  ownSessions: () => request<OwnSessionsResponse>('/api/sessions'),
  /** Ends another own session (not the current one: that is logging out). */
  endOwnSession: (sessionId: string) => request<void>(`/api/sessions/${id(sessionId)}`, { method: 'DELETE' }),

  covenant: () => request<CovenantView>('/api/covenant'),
  updateReferenceFramework: (body: UpdateReferenceFrameworkBody) =>
    request<ReferenceFrameworkView>('/api/covenant/reference-framework', { method: 'PUT', body }),

  weighingFiles: () => request<WeighingFileList>('/api/weighing-files'),
  weighingFile: (fileId: string) => request<WeighingFileDetail>(`/api/weighing-files/${id(fileId)}`),
  registerSignal: (body: RegisterSignalBody) =>
    request<RegisterSignalResponse>('/api/signals', { method: 'POST', body }),
  recordDecision: (fileId: string, body: RecordDecisionBody) =>
    request<RecordDecisionResponse>(`/api/weighing-files/${id(fileId)}/decisions`, { method: 'POST', body }),

  meetings: () => request<MeetingList>('/api/meetings'),
  meeting: (meetingId: string) => request<MeetingDetail>(`/api/meetings/${id(meetingId)}`),
  scheduleMeeting: (body: ScheduleMeetingBody) =>
    request<MeetingDetail>('/api/meetings', { method: 'POST', body }),
  addAgendaItem: (meetingId: string, body: AddAgendaItemBody) =>
    request<MeetingDetail>(`/api/meetings/${id(meetingId)}/agenda-items`, { method: 'POST', body }),
  cancelMeeting: (meetingId: string, body: WithdrawalBody) =>
    request<MeetingDetail>(`/api/meetings/${id(meetingId)}/cancel`, { method: 'POST', body }),
  removeAgendaItem: (meetingId: string, itemId: string, body: WithdrawalBody) =>
    request<MeetingDetail>(`/api/meetings/${id(meetingId)}/agenda-items/${id(itemId)}/remove`, {
      method: 'POST',
      body,
    }),
  overduePostponements: () => request<OverduePostponements>('/api/retention/postponements'),
  meetingPolicy: (meetingId: string) => request<MeetingPolicyView>(`/api/meetings/${id(meetingId)}/policy`),
  /**
   * The frozen minutes (vastgesteld verslag) through the reader's own masking; 404 while the meeting is open.
   * `includeOriginals` (executor only, audited): corrections also carry the original text.
   */
  readMinutes: (meetingId: string, options: { includeOriginals?: boolean } = {}) =>
    request<MeetingRecordView>(
      `/api/meetings/${id(meetingId)}/record${options.includeOriginals ? '?include=original' : ''}`,
    ),
  /**
   * Art. 12, executor only: corrects one text field of the frozen minutes. The record is not changed; the
   * correction is a new record linked to it, and readers see the corrected text.
   */
  rectifyMinutes: (meetingId: string, body: RectifyBody) =>
    request<RectificationView>(`/api/meetings/${id(meetingId)}/record/rectifications`, {
      method: 'POST',
      body,
    }),

  /** Art. 7.4: the frozen minutes the user attended and has not yet marked as read ("verslag beschikbaar"). */
  minutesToRead: () => request<MinutesToReadList>('/api/minutes-to-read'),
  ownAcknowledgement: (meetingId: string) =>
    request<OwnAcknowledgementView>(`/api/meetings/${id(meetingId)}/record/acknowledgement`),
  /** Marks the minutes as read ("gezien"); again is harmless. */
  acknowledgeMinutes: (meetingId: string) =>
    request<MinutesAcknowledgementView>(`/api/meetings/${id(meetingId)}/record/acknowledgement`, {
      method: 'POST',
    }),
  /** Chair and executor: who attended and has or has not marked the minutes as read. */
  minutesAcknowledgements: (meetingId: string) =>
    request<MinutesAcknowledgementsView>(`/api/meetings/${id(meetingId)}/record/acknowledgements`),
  /** Art. 12: my own correction requests, or (executor) all of the meeting. */
  correctionRequests: (meetingId: string) =>
    request<CorrectionRequestList>(`/api/meetings/${id(meetingId)}/record/correction-requests`),
  requestCorrection: (meetingId: string, body: CorrectionRequestBody) =>
    request<CorrectionRequestView>(`/api/meetings/${id(meetingId)}/record/correction-requests`, {
      method: 'POST',
      body,
    }),
  refuseCorrection: (meetingId: string, requestId: string, reason: string) =>
    request<CorrectionRequestView>(
      `/api/meetings/${id(meetingId)}/record/correction-requests/${id(requestId)}/refuse`,
      { method: 'POST', body: { reason } },
    ),
  /** The executor carries a request out as a rectification linked to it (the request gives field and reason). */
  carryOutCorrection: (meetingId: string, requestId: string, correction: string) =>
    request<CarriedOutCorrectionView>(
      `/api/meetings/${id(meetingId)}/record/correction-requests/${id(requestId)}/rectification`,
      { method: 'POST', body: { correction } },
    ),

  caseFiles: () => request<CaseFileList>('/api/case-files'),
  caseFile: (caseFileId: string) => request<CaseFileDetail>(`/api/case-files/${id(caseFileId)}`),

  disclosures: (caseFileId: string) =>
    request<DisclosureList>(`/api/case-files/${id(caseFileId)}/disclosures`),
  proposeDisclosure: (caseFileId: string, body: ProposeDisclosureBody) =>
    request<DisclosureView>(`/api/case-files/${id(caseFileId)}/disclosures`, { method: 'POST', body }),
  decideDisclosure: (caseFileId: string, disclosureId: string, body: DecideDisclosureBody) =>
    request<DisclosureView>(`/api/case-files/${id(caseFileId)}/disclosures/${id(disclosureId)}/decision`, {
      method: 'POST',
      body,
    }),
  revokeDisclosure: (caseFileId: string, disclosureId: string) =>
    request<DisclosureView>(`/api/case-files/${id(caseFileId)}/disclosures/${id(disclosureId)}/revoke`, {
      method: 'POST',
    }),

  /** The notification register (art. 11): core parties and the executor. */
  notifications: () => request<NotificationList>('/api/notifications'),
  /** Art. 11.3–11.4, a core party: defer informing the subject on a ground of art. 43 Wbp (also: extend). */
  deferNotification: (dutyId: string, body: DeferNotificationBody) =>
    request<NotificationView>(`/api/notifications/${id(dutyId)}/deferral`, { method: 'POST', body }),
  /** Art. 11.2, 11.5, the executor: the subject was informed on this date, in this way. */
  recordInformed: (dutyId: string, body: InformedBody) =>
    request<NotificationView>(`/api/notifications/${id(dutyId)}/informed`, { method: 'POST', body }),

  /** Requests of subjects (art. 12), the most urgent first: the executor only. */
  subjectRequests: () => request<SubjectRequestList>('/api/subject-requests'),
  registerSubjectRequest: (body: RegisterRequestBody) =>
    request<SubjectRequestView>('/api/subject-requests', { method: 'POST', body }),
  verifyRequestIdentity: (requestId: string, body: VerifyIdentityBody) =>
    request<SubjectRequestView>(`/api/subject-requests/${id(requestId)}/identity`, { method: 'POST', body }),
  /** Art. 12.6: the granted correction, deletion or objection was carried out and the parties told. */
  recordRequestCarriedOut: (requestId: string, body: CarriedOutBody) =>
    request<SubjectRequestView>(`/api/subject-requests/${id(requestId)}/carried-out`, {
      method: 'POST',
      body,
    }),
  decideSubjectRequest: (requestId: string, body: DecideRequestBody) =>
    request<SubjectRequestView>(`/api/subject-requests/${id(requestId)}/decision`, { method: 'POST', body }),
  /** Art. 12.3: the overview for an access request with established identity that was not refused (audited). */
  subjectOverview: (requestId: string) =>
    request<SubjectOverview>(`/api/subject-requests/${id(requestId)}/overview`),

  /**
   * Art. 12.6: the notices to the reader's own party, newest first, with the count not yet acknowledged; `sent`
   * (the executor): every notice sent, with who acknowledged it. Listing is logged per subject.
   */
  partyNotices: (scope: 'own' | 'sent' = 'own') =>
    request<PartyNoticeList>(`/api/notices${scope === 'sent' ? '?scope=sent' : ''}`),
  /** The header's badge: notices to the own party not seen yet (a count; not logged per subject like the list). */
  partyNoticeCount: () => request<PartyNoticeCount>('/api/notices/count'),
  /** A member acknowledges a notice for the own party (once: 409 when a colleague already did). */
  acknowledgePartyNotice: (noticeId: string) =>
    request<PartyNoticeView>(`/api/notices/${id(noticeId)}/acknowledge`, { method: 'POST' }),
  /** Authorisations of the covenant with their history, and its organisations (art. 15.2c): the administrator. */
  authorisations: () => request<AuthorisationList>('/api/authorisations'),
  /** A new user with one authorisation; the answer holds the initial password, once. */
  grantAuthorisation: (body: GrantAuthorisationBody) =>
    request<GrantedAuthorisation>('/api/authorisations', { method: 'POST', body }),
  /** Role and/or capacity; the user's open connections are re-authorised at once. */
  changeAuthorisation: (membershipId: string, body: ChangeAuthorisationBody) =>
    request<AuthorisationView>(`/api/authorisations/${id(membershipId)}`, { method: 'PATCH', body }),
  /** The user's sessions and open connections end at once. */
  revokeAuthorisation: (membershipId: string) =>
    request<AuthorisationView>(`/api/authorisations/${id(membershipId)}/revoke`, { method: 'POST' }),
  /** Every session of the user ends at once, open connections included. */
  endUserSessions: (membershipId: string) =>
    request<EndedSessionsResponse>(`/api/authorisations/${id(membershipId)}/sessions/end`, {
      method: 'POST',
    }),

  /** The access log for review, unusual entries flagged (art. 15.2e): the controller's officer. Reading is logged. */
  accessLog: (query: AccessLogQuery) => request<AccessLogView>(`/api/access-log${searchOf(query)}`),
  accessReviews: () => request<AccessReviewList>('/api/access-reviews'),
  recordAccessReview: (body: RecordReviewBody) =>
    request<AccessReviewView>('/api/access-reviews', { method: 'POST', body }),
  /** The incident register (art. 15.2g), the most urgent first. */
  incidents: () => request<IncidentList>('/api/incidents'),
  registerIncident: (body: RegisterIncidentBody) =>
    request<IncidentView>('/api/incidents', { method: 'POST', body }),
  updateIncident: (incidentId: string, body: UpdateIncidentBody) =>
    request<IncidentView>(`/api/incidents/${id(incidentId)}`, { method: 'PATCH', body }),

  /** What retention (art. 13) does next to each file, and when: the executor. References only. */
  retention: () => request<RetentionOverview>('/api/retention'),
  /** Makes an archived file available again, on the controller's order (art. 13.4): the executor. */
  restoreFromArchive: (body: RestoreFileBody) =>
    request<{ restoredAt: string }>('/api/retention/restore', { method: 'POST', body }),
  /** Live updates that could not be applied and were kept aside (art. 15.1): the executor. References only. */
  setAsideUpdates: () => request<SetAsideUpdates>('/api/live/set-aside'),
};
