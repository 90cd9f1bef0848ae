/**
 * Every error the domain raises, and every error a workflow can see, in one module. Each carries its name as
 * a literal: the API's `error` field and the workflows' Retry/Catch match names, and a minifier renames
 * classes. `statusCode` and `expose` follow middy's HttpError convention: the single HTTP error middleware
 * shows the message of an exposed error and turns anything else into a generic 500, so no stack trace or
 * internal detail reaches a caller.
 */
export abstract class StewardError extends Error {
  abstract readonly statusCode: number;
  get expose(): boolean {
    return this.statusCode < 500;
  }
  abstract override readonly name: string;
}

/** Input failed validation; the message says which field and why. Nothing was changed. */
export class ValidationError extends StewardError {
  override readonly name = 'ValidationError';
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No valid identity came with the request. */
export class UnauthorizedError extends StewardError {
  override readonly name = 'UnauthorizedError';
  readonly statusCode = 401;
}

/** The caller is known but may not do this. */
export class ForbiddenError extends StewardError {
  override readonly name = 'ForbiddenError';
  readonly statusCode = 403;
}

/** 404: the entity does not exist (or the caller may not know it does). */
export class NotFoundError extends StewardError {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
}

/** A conditional write lost: the item changed since it was read, or already holds something else. */
export class ConflictError extends StewardError {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
}

/** The request is well formed but the registry's rules refuse it (e.g. no current training). */
export class RuleViolationError extends StewardError {
  override readonly name = 'RuleViolationError';
  readonly statusCode = 422;
}

/** The body is not JSON (by its Content-Type). */
export class UnsupportedMediaTypeError extends StewardError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
}

/** The body is larger than the API accepts. */
export class PayloadTooLargeError extends StewardError {
  override readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
}

/**
 * SES's rolling 24-hour sending quota is used up: no email goes out until earlier sends age out of the
 * window (or AWS raises the quota). Not retried: waiting inside one invocation cannot help.
 */
export class MailQuotaExhaustedError extends StewardError {
  override readonly name = 'MailQuotaExhaustedError';
  readonly statusCode = 503;
}

/** SES kept refusing at its maximum send rate for longer than the sender waits for one email. */
export class MailThrottledError extends StewardError {
  override readonly name = 'MailThrottledError';
  readonly statusCode = 503;
}

/*
 * Errors a workflow's steps throw for the state machine to act on (workflows/*.asl.json retry or catch them by
 * name, and the handover records them on the case).
 */

/** The platform said no for good (wrong current password, rules); retrying will not help. */
export class PlatformRefusedError extends Error {
  override readonly name = 'PlatformRefusedError';
}

/** A person must set the new password on the platform; the workflow waits for their confirmation. */
export class HumanHandoverPending extends Error {
  override readonly name = 'HumanHandoverPending';
  constructor(readonly task: { id: string; custodianId: string }) {
    super(`waiting for ${task.custodianId} to set the new password on the platform (task ${task.id})`);
  }
}

/** Another case (or a scheduled rotation) is rotating this login now; the workflow retries a little later. */
export class RotationInProgress extends Error {
  override readonly name = 'RotationInProgress';
}

/** A step of the rotation function that failed, under the function's own error name. */
export class RotationStepFailed extends Error {
  override readonly name = 'RotationStepFailed';
  constructor(
    readonly step: string,
    readonly errorType: string,
  ) {
    super(`the rotation's ${step} step failed (${errorType})`);
  }
}

/** The errors whose messages a handover records on its case as they are: the rotation's own, and the rules'. */
export const recordableErrorNames: ReadonlySet<string> = new Set(['PlatformRefusedError', 'HumanHandoverPending', 'RotationInProgress', 'RuleViolationError', 'NotFoundError']);
