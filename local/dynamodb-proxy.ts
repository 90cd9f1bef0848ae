import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from './http.ts';
import { dynamoDbAuthorizations } from './aws/authorization.ts';
import { AwsServiceError } from './aws/errors.ts';
import type { LocalIam } from './aws/iam.ts';

/**
 * A thin proxy in front of DynamoDB Local that checks each call against the caller's IAM statements, as
 * DynamoDB does on AWS, then forwards it untouched. A refusal is DynamoDB's own AccessDeniedException (JSON
 * 1.0, `com.amazon.coral.service#AccessDeniedException`, status 400).
 */
export function dynamoDbProxy(iam: LocalIam, upstream: { host: string; port: number }) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const principal = iam.principalOf(request.headers);
    if (principal) {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      try {
        const parsed = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
        for (const authorization of dynamoDbAuthorizations(iam, operation, parsed)) iam.authorize(principal, authorization);
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        response.writeHead(error.statusCode, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': error.code });
        response.end(JSON.stringify({ __type: `com.amazon.coral.service#${error.code}`, Message: error.message }));
        return;
      }
    }
    const forwarded = httpRequest({ host: upstream.host, port: upstream.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', (error) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: error.message }));
    });
    forwarded.end(body);
  };
}
