import { defineConfig } from 'drizzle-kit';

// The key store has its own migrations: it runs in its own database (KEYSTORE_DATABASE_URL), or, when that is not
// set, in the application's database beside the rest (see db/keystore/store.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/keystore/schema.ts',
  out: './db/keystore/migrations',
});
