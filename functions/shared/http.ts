import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { StewardError, ValidationError } from '../../core/errors.ts';
import { logger } from './logger.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * The one place errors become HTTP responses. An exposed domain error keeps its status and message; anything
 * else is logged (name only: messages of unknown errors may quote input) and answered with a generic 500.
 */
export const httpErrors = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    const { error } = request;
    if (error instanceof StewardError && error.expose) {
      const issues = error instanceof ValidationError ? { issues: error.issues } : {};
      request.response = json(error.statusCode, { error: error.name, message: error.message, ...issues });
      return;
    }
    logger.error('unhandled error', { errorName: error?.name ?? 'unknown' });
    request.response = json(500, { error: 'InternalError', message: 'Something went wrong on our side.' });
  },
});

/** Wraps an HTTP handler with the shared middleware stack. */
export const httpHandler = (handler: (event: HttpEvent) => Promise<HttpResult>) =>
  middy<HttpEvent, HttpResult>(handler).use(httpErrors());
