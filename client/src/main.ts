import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { onUnauthenticated } from './api';
import App from './App.vue';
import { i18n, currentLocale } from './i18n';
import { router } from './router';
import { useSessionStore } from './stores/session';
import { loadFreshPage } from './utils/browser';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

document.documentElement.lang = currentLocale();

// A request found the session gone (expired, or logged out in another tab): back to the login screen, and come
// back here afterwards. A full page load, so nothing read under the old session stays in memory.
onUnauthenticated(() => {
  useSessionStore(pinia).expire();
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  const query = new URLSearchParams({ reason: 'expired', redirect: here.fullPath });
  loadFreshPage(`/inloggen?${query.toString()}`);
});

app.mount('#app');
