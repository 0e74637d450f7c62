import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The client lives in client/; the build lands in dist/client, which the Fastify server serves on the same
// port as the API (one origin: the session cookie is SameSite=Strict and the CSP is 'self').
export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
