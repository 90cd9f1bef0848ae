import type { Review } from '../../core/reviews/model.ts';
import type { ReviewStore, ReviewWrite } from '../../core/reviews/ports.ts';
import { escalatedWhileOpen, reviewEscalationItem, reviewEscalationKey, reviewItem, reviewKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/**
 * Reviews: by subject (gsi1, newest first), by kind and deadline (gsi2), by assignee while open (gsi3), by
 * status and deadline (gsi4); each person a review is escalated to has an index item (gsi3) while it is open.
 */
export function reviewStore(table: RegistryTable): ReviewStore {
  const getReview = (id: string) => table.get<Review>(reviewKey(id));
  return {
    getReview,
    listReviews: (filter, page) =>
      table.query<Review>(
        {
          IndexName: 'gsi4',
          KeyConditionExpression: filter.status ? 'gsi4pk = :pk AND begins_with(gsi4sk, :status)' : 'gsi4pk = :pk',
          ExpressionAttributeValues: { ':pk': 'REVIEWS', ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
        },
        page,
      ),
    reviewsDueBetween: (kind, from, to) =>
      table.queryAll<Review>({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': `REVIEWS#KIND#${kind}`, ':from': from, ':to': `${to}\uffff` } }),
    reviewsOf: (subjectType, subjectId) => table.queryAll<Review>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#${subjectType}#${subjectId}` }, ScanIndexForward: false }),
    openReviewsAssignedTo: (personId) => table.queryAll<Review>({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#ASSIGNEE#${personId}` } }),
    async openReviewsEscalatedTo(personId) {
      const escalations = await table.queryAll<{ reviewId: string }>({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#ESCALATED#${personId}` } });
      const reviews = await Promise.all(escalations.map((e) => getReview(e.reviewId)));
      return reviews.filter((r): r is Review => r !== undefined && r.status === 'open');
    },
  };
}

/** A review's item, and the escalation items that follow the people it is escalated to while it is open. */
export function reviewSteps(table: RegistryTable, { item, previous, expectedVersion }: Extract<ReviewWrite, { type: 'review' }>): Step[] {
  return [
    table.putVersioned(reviewItem(item), 'review', item.id, expectedVersion),
    ...table.followers(previous ? escalatedWhileOpen(previous) : [], escalatedWhileOpen(item), (id) => reviewEscalationKey(item.id, id), (id) => reviewEscalationItem(item, id)),
  ];
}

/**
 * An append, conditioned on the review still taking comments, not on its version: concurrent comments all
 * land (the audit head serializes them), and the version moves on for whole-review writers.
 */
export function reviewCommentSteps(table: RegistryTable, { reviewId, comment, maxComments }: Extract<ReviewWrite, { type: 'review-comment' }>): Step[] {
  return [
    {
      item: {
        Update: {
          TableName: table.name,
          Key: reviewKey(reviewId),
          UpdateExpression: 'SET comments = list_append(if_not_exists(comments, :none), :comment), version = version + :one, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status = :open AND dueAt > :at AND (attribute_not_exists(comments) OR size(comments) < :max)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':none': [], ':comment': [comment], ':one': 1, ':at': comment.at, ':open': 'open', ':max': maxComments },
        },
      },
      conflict: conflicts.reviewComment(reviewId, maxComments),
    },
  ];
}
