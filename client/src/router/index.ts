import { nextTick } from 'vue';
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { i18n } from '../i18n';
import { useNoticesStore } from '../stores/notices';
import { useMinutesToReadStore } from '../stores/minutes-to-read';
import { usePartyNoticesStore } from '../stores/party-notices';
import { useSessionStore } from '../stores/session';
import { homeRouteOf, takesPartInMeetings } from './home';
import { setDocumentTitle } from '../utils/browser';
import AuthorisationsView from '../views/AuthorisationsView.vue';
import CaseFileView from '../views/CaseFileView.vue';
import CovenantView from '../views/CovenantView.vue';
import LiveMeetingView from '../views/LiveMeetingView.vue';
import PasswordView from '../views/PasswordView.vue';
import LoginView from '../views/LoginView.vue';
import MeetingsView from '../views/MeetingsView.vue';
import MeetingView from '../views/MeetingView.vue';
import MinutesView from '../views/MinutesView.vue';
import NotFoundView from '../views/NotFoundView.vue';
import NotificationsView from '../views/NotificationsView.vue';
import OversightView from '../views/OversightView.vue';
import PartyNoticesView from '../views/PartyNoticesView.vue';
import RegisterSignalView from '../views/RegisterSignalView.vue';
import RetentionView from '../views/RetentionView.vue';
import SubjectRequestsView from '../views/SubjectRequestsView.vue';
import WeighingFilesView from '../views/WeighingFilesView.vue';
import WeighingFileView from '../views/WeighingFileView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (only the login screen). */
    public?: boolean;
    /** i18n key of the document title. */
    titleKey?: string;
  }
}

// Paths are Dutch: they show in the address bar of Dutch users. Permissions are not checked here: views show
// the server's refusal (403 with the convenant article), which is the one authority on access.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: { name: 'meetings' } },
    {
      path: '/inloggen',
      name: 'login',
      component: LoginView,
      meta: { public: true, titleKey: 'login.title' },
    },
    {
      path: '/wachtwoord',
      name: 'password',
      component: PasswordView,
      meta: { titleKey: 'password.title' },
    },
    { path: '/overleggen', name: 'meetings', component: MeetingsView, meta: { titleKey: 'meetings.title' } },
    { path: '/overleggen/:id', name: 'meeting', component: MeetingView, props: true },
    {
      path: '/overleggen/:id/live',
      name: 'live-meeting',
      component: LiveMeetingView,
      props: true,
      meta: { titleKey: 'live.title' },
    },
    {
      path: '/overleggen/:id/verslag',
      name: 'minutes',
      component: MinutesView,
      props: true,
      meta: { titleKey: 'minutes.title' },
    },
    {
      path: '/weegploegbestand',
      name: 'weighing-files',
      component: WeighingFilesView,
      meta: { titleKey: 'weighingFiles.title' },
    },
    {
      path: '/weegploegbestand/:id',
      name: 'weighing-file',
      component: WeighingFileView,
      props: true,
      meta: { titleKey: 'weighingFiles.title' },
    },
    {
      path: '/signaal-registreren',
      name: 'register-signal',
      component: RegisterSignalView,
      meta: { titleKey: 'signal.title' },
    },
    { path: '/casusoverlegbestand/:id', name: 'case-file', component: CaseFileView, props: true },
    {
      path: '/informatieplicht',
      name: 'notifications',
      component: NotificationsView,
      meta: { titleKey: 'notifications.title' },
    },
    {
      path: '/verzoeken',
      name: 'subject-requests',
      component: SubjectRequestsView,
      meta: { titleKey: 'requests.title' },
    },
    {
      path: '/kennisgevingen',
      name: 'party-notices',
      component: PartyNoticesView,
      meta: { titleKey: 'partyNotices.title' },
    },
    { path: '/convenant', name: 'covenant', component: CovenantView, meta: { titleKey: 'covenant.title' } },
    {
      path: '/autorisaties',
      name: 'authorisations',
      component: AuthorisationsView,
      meta: { titleKey: 'authorisations.title' },
    },
    { path: '/toezicht', name: 'oversight', component: OversightView, meta: { titleKey: 'oversight.title' } },
    {
      path: '/bewaartermijnen',
      name: 'retention',
      component: RetentionView,
      meta: { titleKey: 'retention.title' },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: NotFoundView,
      meta: { titleKey: 'notFound.title' },
    },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.restore();
  if (to.meta.public) {
    return session.isLoggedIn && to.name === 'login' ? { name: homeRouteOf(session.me?.role) } : true;
  }
  if (!session.isLoggedIn) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  // The administrator and the officer take part in no meeting: the start page (and any link to "my meetings",
  // e.g. after logging in) leads them to their own screen.
  if (to.name === 'meetings' && !takesPartInMeetings(session.me?.role)) {
    return { name: homeRouteOf(session.me?.role) };
  }
  return true;
});

export function documentTitle(route: RouteLocationNormalized): string {
  const { t } = i18n.global;
  return route.meta.titleKey ? `${t(route.meta.titleKey)} · ${t('app.name')}` : t('app.name');
}

let firstNavigation = true;
router.afterEach((to, from, failure) => {
  if (failure) return;
  useNoticesStore().navigated();
  // The count of unseen notices in the header; the Kennisgevingen screen reads the list, and the count, itself.
  if (to.name !== 'party-notices') void usePartyNoticesStore().navigated();
  // "Verslag beschikbaar": the frozen minutes the user attended and has not yet marked as read.
  void useMinutesToReadStore().navigated();
  setDocumentTitle(documentTitle(to));
  // After an in-app navigation, move focus to the new page's heading so screen-reader and keyboard users start
  // there (the browser does this on a full page load, the router does not). Same-page query changes keep focus.
  if (firstNavigation || to.path === from.path) {
    firstNavigation = false;
    return;
  }
  void nextTick(() => document.querySelector<HTMLElement>('main h1')?.focus());
});
