import type { Account } from '../core/registry/model.ts';

/**
 * The sentences a refused write means, as the 409 its caller gets says them. Both stores (DynamoDB's steps
 * and memory's writes) say them from here, and the contract suite (tests/support/store-contract.ts) checks
 * that they do.
 */
export const conflicts = {
  /** A versioned write whose version is not the one stored (or whose item is gone). */
  stale: (type: string, id: string) => `${type} ${id} changed since you read it (stale version); read it again`,
  /** A create whose item exists already. */
  exists: (type: string, id: string) => `${type} ${id} already exists`,
  email: (email: string) => `email ${email} already belongs to someone else`,
  platformId: (account: Pick<Account, 'platform' | 'platformAccountId'>) => `${account.platform} account ${account.platformAccountId} is already in the registry`,
  holder: (personId: string, accountId: string) => `person ${personId} already holds a grant on account ${accountId}`,
  assignable: (personId: string) => `${personId} is leaving and cannot be assigned anything`,
  reviewComment: (reviewId: string, maxComments: number) => `review ${reviewId} stopped taking comments meanwhile (its comment period ended, or it has ${maxComments})`,
  finding: (findingId: string, accountId: string) => `finding ${findingId} of ${accountId} changed meanwhile`,
  departureResult: (accountId: string, caseId: string) => `the result of ${accountId} in ${caseId} changed meanwhile`,
  /** A write with no condition of its own cannot fail; DynamoDB's store names it so all the same. */
  none: 'unexpected conflict',
};
