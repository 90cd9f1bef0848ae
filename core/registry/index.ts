/**
 * The registry's rules other capabilities build on: audit entries, staff standing, live grants,
 * new-account checks and the exposure ledger. Its model.ts and ports.ts are public too; every other module is
 * the registry's own.
 */
export { newAccountRecord } from './accounts.ts';
export { auditEntry, found, stamp, trainingCurrent } from './common.ts';
export { exposureWrite } from './exposures.ts';
export { isLive } from './grants.ts';
export { firstAssignable, isAssignable, isOnStaff } from './standing.ts';
