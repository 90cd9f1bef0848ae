import type { AnyWrite } from '../core/reviews/ports.ts';

/**
 * What a change wrote, as its audit event lists it: `type/id@version`, or `type/id` where an item has no version. Both
 * stores (DynamoDB and memory) seal their events with it, so the same change lists the same entities.
 */
export function changesOf(writes: readonly AnyWrite[]): string[] {
  return writes.flatMap((write): string[] => {
    switch (write.type) {
      case 'assignable':
        return [];
      case 'exposure':
        return [`exposure/${write.item.personId}:${write.item.accountId}`];
      case 'departure-result':
        return [`departure-result/${write.caseId}:${write.item.accountId}@${write.item.revision ?? 1}`];
      case 'finding':
        return [`finding/${write.item.accountId}:${write.item.id}`];
      case 'review-comment':
        return [`review-comment/${write.reviewId}:${write.comment.by}@${write.comment.at}`];
      default:
        return [`${write.type}/${write.item.id}@${write.item.version}`];
    }
  });
}
