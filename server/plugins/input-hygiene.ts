import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { badInput } from '../errors';

/** Path of the first string holding a NUL character, or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL characters; without this check such input would fail deep in the database as
 * a 500. It is refused up front with a 400 naming the field.
 */
export default fp(
  (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const field =
        findNul(request.body, 'body') ?? findNul(request.params, 'params') ?? findNul(request.query, 'query');
      if (field) throw badInput(field, 'contains a NUL character, which is not allowed in text');
    });
  },
  { name: 'input-hygiene' },
);
