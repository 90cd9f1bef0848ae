import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, sealEvent } from '../../core/audit/chain.ts';
import { type AuditEvent } from '../../core/audit/model.ts';
import { ConflictError } from '../../core/errors.ts';
import type { Change } from '../../core/registry/ports.ts';
import type { AnyWrite } from '../../core/reviews/ports.ts';
import { changesOf } from '../changes.ts';
import { accountSteps } from './accounts.ts';
import { approvalSteps } from './approvals.ts';
import { readAuditHead } from './audit.ts';
import { custodyTaskSteps } from './custody.ts';
import { departureResultSteps, departureSteps } from './departures.ts';
import { findingSteps } from './findings.ts';
import { exposureSteps, grantSteps } from './grants.ts';
import { assignableSteps, personSteps } from './people.ts';
import { policySteps } from './policies.ts';
import { AUDIT_HEAD_KEY, auditItem } from './registry-keys.ts';
import { reviewCommentSteps, reviewSteps } from './reviews.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/**
 * Another writer advanced the audit head between our read and our write; the change is simply retried, with
 * exponential backoff and full jitter, for as long as this budget allows. The budget, not a count, bounds it:
 * under a burst (hundreds of approvers deciding at once) a writer may lose many races before it wins.
 */
const HEAD_RETRY_BUDGET_MS = 25_000;
const HEAD_BACKOFF_BASE_MS = 10;
const HEAD_BACKOFF_CAP_MS = 1_000;

/**
 * The change's items, the audit event and the advanced audit head, in one TransactWriteItems. The head's
 * condition serializes audit writers; losing that race means "read the head again and retry", while a
 * failed condition on an entity means a stale or clashing write: 409, and nothing was written.
 */
export async function commit(table: RegistryTable, change: Change<AnyWrite>): Promise<AuditEvent> {
  const steps = change.writes.flatMap((write) => stepsFor(table, write));
  const giveUpAt = Date.now() + HEAD_RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    const head = await readAuditHead(table);
    const event = sealEvent(change.audit, (head?.seq ?? 0) + 1, table.now().toISOString(), head?.hash ?? GENESIS_HASH, changesOf(change.writes));
    const auditSteps = [
      table.put(auditItem(event), conflicts.none, null),
      {
        item: {
          Put: {
            TableName: table.name,
            Item: { ...AUDIT_HEAD_KEY, seq: event.seq, hash: event.hash },
            ConditionExpression: head ? 'seq = :seq' : 'attribute_not_exists(pk)',
            ExpressionAttributeValues: head ? { ':seq': head.seq } : undefined,
          },
        },
        conflict: conflicts.none,
      },
    ];
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: [...steps, ...auditSteps].map((s) => s.item) }));
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
