import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, chainOf, sealEvent } from '../../core/audit/chain.ts';
import type { AuditEvent, ChainHead } from '../../core/audit/model.ts';
import { ConflictError } from '../../core/errors.ts';
import type { Change } from '../../core/registry/ports.ts';
import type { AnyWrite } from '../../core/reviews/ports.ts';
import { changesOf } from '../changes.ts';
import { accountSteps } from './accounts.ts';
import { approvalSteps } from './approvals.ts';
import { custodyTaskSteps } from './custody.ts';
import { departureResultSteps, departureSteps } from './departures.ts';
import { findingSteps } from './findings.ts';
import { exposureSteps, grantSteps } from './grants.ts';
import { assignableSteps, personSteps } from './people.ts';
import { policySteps } from './policies.ts';
import { auditItem, chainHeadItem, chainHeadKey } from './registry-keys.ts';
import { reviewCommentSteps, reviewSteps } from './reviews.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/**
 * Another change about the same subject advanced its chain's head between our read and our write; the change
 * is simply retried, with exponential backoff and full jitter, for as long as this budget allows. Changes
 * about different subjects never meet here.
 */
const HEAD_RETRY_BUDGET_MS = 25_000;
const HEAD_BACKOFF_BASE_MS = 10;
const HEAD_BACKOFF_CAP_MS = 1_000;

/**
 * The change's items, its audit event and its subject's advanced chain head, in one TransactWriteItems. The
 * head's condition orders the changes about one subject; losing that race means "read the head again and
 * retry", while a failed condition on an entity means a stale or clashing write: 409, and nothing was
 * written.
 */
export async function commit(table: RegistryTable, change: Change<AnyWrite>): Promise<AuditEvent> {
  const steps = change.writes.flatMap((write) => stepsFor(table, write));
  const chain = chainOf(change.audit);
  const giveUpAt = Date.now() + HEAD_RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    const head = await table.get<ChainHead>(chainHeadKey(chain));
    const event = sealEvent(change.audit, (head?.seq ?? 0) + 1, table.now().toISOString(), head?.hash ?? GENESIS_HASH, changesOf(change.writes));
    const headStep: Step = {
      item: {
        Put: {
          TableName: table.name,
          Item: chainHeadItem(chain, event),
          ConditionExpression: head ? 'seq = :seq' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: head ? { ':seq': head.seq } : undefined,
        },
      },
      conflict: conflicts.none,
    };
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: [...steps, table.put(auditItem(event), conflicts.none, null), headStep].map((s) => s.item) }));
      return event;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedStep = steps.findIndex((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
      if (failedStep >= 0) throw new ConflictError(steps[failedStep]!.conflict);
      const lostHeadRace = reasons.slice(steps.length).some((r) => r?.Code === 'ConditionalCheckFailed') || reasons.some((r) => r?.Code === 'TransactionConflict');
      if (!lostHeadRace || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(HEAD_BACKOFF_CAP_MS, HEAD_BACKOFF_BASE_MS * 2 ** attempt)));
    }
  }
}

/** Each write's transaction steps, built by its entity's store. */
function stepsFor(table: RegistryTable, write: AnyWrite): Step[] {
  switch (write.type) {
    case 'person':
      return personSteps(table, write);
    case 'assignable':
      return assignableSteps(table, write);
    case 'account':
      return accountSteps(table, write);
    case 'grant':
      return grantSteps(table, write);
    case 'exposure':
      return exposureSteps(table, write);
    case 'policy':
      return policySteps(table, write);
    case 'approval':
      return approvalSteps(table, write);
    case 'custody-task':
      return custodyTaskSteps(table, write);
    case 'departure':
      return departureSteps(table, write);
    case 'departure-result':
      return departureResultSteps(table, write);
    case 'review':
      return reviewSteps(table, write);
    case 'review-comment':
      return reviewCommentSteps(table, write);
    case 'finding':
      return findingSteps(table, write);
  }
}
