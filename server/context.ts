import type { Actor } from '../shared/index';
import type { AuditOrigin } from './services/audit';

/** Who is asking, and from where: passed to every service that touches personal data. */
export interface RequestContext {
  actor: Actor;
  origin: AuditOrigin;
}
