import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { covenants } from '../../db/schema/index';
import { MODEL_MASKING_POLICY, type MaskingPolicy } from '../../shared/index';

/** The covenant's masking policy; the model convenant's for a covenant stored before policies existed. */
export async function maskingPolicyOf(db: Executor, covenantId: string): Promise<MaskingPolicy> {
  const [row] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId))
    .limit(1);
  return row?.policy.masking ?? MODEL_MASKING_POLICY;
}
