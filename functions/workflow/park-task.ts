import middy from '@middy/core';
import { DynamoParkedTaskStore } from '../../adapters/dynamodb/parked-task-store.ts';
import { parkTask, parkTaskInput } from '../../core/waits/parked-tasks.ts';
import { parseInput } from '../../core/validation.ts';
import { registryTable } from '../../declarations/table.ts';
import { documentClient } from '../shared/clients.ts';
import { loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import * as z from 'zod';

const config = loadConfig({ [registryTable.envVar]: z.string().min(1) });
const store = new DynamoParkedTaskStore({ client: documentClient, tableName: config[registryTable.envVar]! });

/** Target of `lambda:invoke.waitForTaskToken`: stores the token; the workflow then waits for its callback. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(parkTaskInput, event, 'park-task input');
  const parked = await parkTask(store, input, new Date());
  logger.info('task parked', { key: parked.key });
  return parked;
});
