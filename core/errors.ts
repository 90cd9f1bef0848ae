/**
 * Every error the domain raises, on one base class. `statusCode` and `expose` follow middy's HttpError
 * convention: the single HTTP error middleware shows the message of an exposed error and turns anything else
 * into a generic 500, so no stack trace or internal detail reaches a caller.
 */
export abstract class StewardError extends Error {
  abstract readonly statusCode: number;
  get expose(): boolean {
    return this.statusCode < 500;
  }
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input failed validation; the message says which field and why. Nothing was changed. */
export class ValidationError extends StewardError {
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
  readonly statusCode = 401;
}

/** The caller is known but may not do this. */
export class ForbiddenError extends StewardError {
  readonly statusCode = 403;
}

export class NotFoundError extends StewardError {
  readonly statusCode = 404;
}

/** A conditional write lost: the item changed since it was read, or already holds something else. */
export class ConflictError extends StewardError {
  readonly statusCode = 409;
}

/** The request is well formed but the registry's rules refuse it (e.g. no current training). */
export class RuleViolationError extends StewardError {
  readonly statusCode = 422;
}

/** The body is not JSON (by its Content-Type). */
export class UnsupportedMediaTypeError extends StewardError {
  readonly statusCode = 415;
}

/** The body is larger than the API accepts. */
export class PayloadTooLargeError extends StewardError {
  readonly statusCode = 413;
}

/**
 * SES's rolling 24-hour sending quota is used up: no email goes out until earlier sends age out of the
 * window (or AWS raises the quota). Not retried: waiting inside one invocation cannot help.
 */
export class MailQuotaExhaustedError extends StewardError {
  readonly statusCode = 503;
}

/** SES kept refusing at its maximum send rate for longer than the sender waits for one email. */
export class MailThrottledError extends StewardError {
  readonly statusCode = 503;
}
