/// <reference types="vite/client" />

// Lets plain TypeScript tooling (ESLint's type-aware rules) see `.vue` imports; vue-tsc resolves the real types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
