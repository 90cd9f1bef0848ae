import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per process. Never pass it a secret value, a task token or a request body. */
export const logger = new Logger({ serviceName: 'steward' });
