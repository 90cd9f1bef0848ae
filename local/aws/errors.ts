/**
 * An error the local AWS endpoint answers with. `name` is AWS's own error code for the operation (taken from
 * the service's API model), so SDK clients raise the same exception class here as on AWS.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = code;
  }
}
