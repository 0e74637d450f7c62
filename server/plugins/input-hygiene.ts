import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../shared/index';
import { badInput } from '../errors';
import { jsonNestsDeeperThan } from './json-depth';

/**
 * Path of the first string holding a NUL character, or null. Walked with an explicit stack: input nested
 * thousands deep must not overflow the call stack (a 500) however it got past the parser.
 */
export function findNul(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value && typeof value === 'object') {
      // Reversed, so the first offending field in document order is the one named.
      const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL characters; without this check such input would fail deep in the database as
 * a 500. It is refused up front with a 400 naming the field. JSON bodies nested deeper than LIMITS.jsonDepth are
 * refused before they are parsed.
 */
export default fp(
  (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (jsonNestsDeeperThan(body as string, LIMITS.jsonDepth))
        return done(badInput('body', `nests deeper than ${LIMITS.jsonDepth} levels`), undefined);
      // The default parser answers through `done` and returns nothing.
      void parseJson(request, body as string, done);
    });
    app.addHook('preValidation', async (request) => {
      const field =
        findNul(request.body, 'body') ?? findNul(request.params, 'params') ?? findNul(request.query, 'query');
      if (field) throw badInput(field, 'contains a NUL character, which is not allowed in text');
    });
  },
  { name: 'input-hygiene' },
);
