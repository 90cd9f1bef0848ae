/**
 * Step Functions quotas the twin keeps, as AWS documents them for Standard workflows
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 */

/** "Maximum input or output size for a task, state, or execution": 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** "Maximum execution history size": an execution that reaches it fails. */
export const MAX_HISTORY_EVENTS = 25_000;
