import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The client lives in client/; the build lands in dist/client, which the Fastify server serves on the same
// port as the API (one origin: the session cookie is SameSite=Strict and the CSP is 'self').
export default defineConfig({
  root: 'client',
  plugins: [vue()],
  // vue-i18n: Composition API only, no devtools hooks in production.
  define: {
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
