/** The workflows' ids, on their own so the function catalogue can name them without a circular type. */
export const workflowIds = ['canary', 'approval', 'handover', 'reviews', 'reviewSweep'] as const;
export type WorkflowId = (typeof workflowIds)[number];
