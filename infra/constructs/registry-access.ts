import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { TableAccess } from '../model/functions.ts';

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const WRITE = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Data-plane actions per access level. No Scan: request paths Query keys and indexes only. */
export const registryActions: Record<TableAccess, readonly string[]> = { read: READ, write: WRITE };

/** The registry table with the key that encrypts it: every grant needs both. */
export interface RegistryRef {
  readonly table: ITable;
  readonly key: IKey;
}

const writesData = (actions: readonly string[]) => actions.some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));

/**
 * Grants table actions and the matching use of its KMS key, without the action wildcards of
 * `grantReadWriteData` (kms:GenerateDataKey*, kms:ReEncrypt*), and only through DynamoDB.
 */
export function grantRegistry(grantee: IGrantable, { table, key }: RegistryRef, actions: readonly string[], options: { indexes: boolean }) {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [table.tableArn, ...(options.indexes ? [`${table.tableArn}/index/*`] : [])],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writesData(actions) ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(table).region}.amazonaws.com` } },
    }),
  );
}
