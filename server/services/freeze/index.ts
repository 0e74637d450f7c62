export { assembleRecord, type AssembledItem, type AssembledRecord, type ReadDocument } from './assemble';
export { commitRecord } from './commit';
export { FreezeError } from './errors';
export { type FenceEffects, liftFence, raiseFence } from './fence';
export { type FreezeDeps, freezeMeeting } from './freeze-meeting';
export { itemsLackingOutcome, lackingOutcomeMessage } from './outcomes';
