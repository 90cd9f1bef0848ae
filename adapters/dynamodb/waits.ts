import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ParkedWait, ParkedWaitStore } from '../../core/waits/ports.ts';
import { waitKey } from './registry-keys.ts';
import type { RegistryTable } from './table.ts';

/** The task token a workflow parked for its owner (an approval's stage, a custody task), beside the owner's item. */
export function parkedWaitStore(table: RegistryTable): ParkedWaitStore {
  return {
    parkedWait: (owner) => table.get<ParkedWait>(waitKey(owner)),
    async parkWait(wait) {
      await table.client.send(new PutCommand({ TableName: table.name, Item: { ...waitKey(wait.owner), entity: 'wait', ...wait } }));
    },
  };
}
