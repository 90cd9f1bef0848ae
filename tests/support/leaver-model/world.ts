import type { AsyncCommand } from 'fast-check';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { AUDIT_TIME_INDEX, entityOf } from '../../../adapters/dynamodb/registry-keys.ts';
import { caseIdOf } from '../../../core/handover/departures.ts';
import { checkInvariants, type RegistrySnapshot } from '../invariants.ts';
import type { LocalCloudUrls } from '../../../local/cloud.ts';
import { callerAs, ok, type Caller } from '../api.ts';
import { eventually, localClients } from '../clients.ts';
import { logsIn } from '../platform.ts';

/**
 * The model of the leaver invariants' model-based test: who is here, who left, which accounts exist, and
 * which login values each person knew (set or revealed). It is a simplification of the registry: the
 * invariants themselves are checked against the registry as it really is, read whole (core/invariants.ts).
 */
export interface LeaverModel {
  /** People who may still be picked for anything; `steady` (HR and governance) never leaves. */
  people: string[];
  departed: string[];
  accounts: { id: string; platformAccountId: string; username: string }[];
  /** person → account → every password value they set or were shown. */
  knows: Map<string, Map<string, Set<string>>>;
}

export interface LeaverSystem {
  cloud: LocalCloudUrls;
  /** HR and the governance team in one person, who never leaves: someone can always take over. */
  steady: Caller;
  steadyId: string;
  callers: Map<string, Caller>;
  /** Prefix of this run's ids: runs (and shrinking's replays) share one cloud, never one id. */
  run: string;
  /** What the commands did, for the failure report. */
  log: string[];
}

/** Every person's token carries every working role: what they may do is up to the registry. */
export const TOKEN_ROLES = ['admin', 'owner', 'approver', 'employee'];

export const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

export function learn(model: LeaverModel, personId: string, accountId: string, password: string) {
  const accounts = model.knows.get(personId) ?? new Map<string, Set<string>>();
  accounts.set(accountId, (accounts.get(accountId) ?? new Set()).add(password));
  model.knows.set(personId, accounts);
}

export async function callerFor(system: LeaverSystem, personId: string): Promise<Caller> {
  let caller = system.callers.get(personId);
  if (!caller) {
    caller = await callerAs(system.cloud, personId, TOKEN_ROLES, false);
    system.callers.set(personId, caller);
  }
  return caller;
}

/**
 * The whole registry, read by Scan (a test's view: the invariants must hold of every item, indexed or not).
 * A Scan is no snapshot: it is read again until nothing was written while it ran. Every change writes one
 * audit event, so the count of events on the time index (which DynamoDB Local updates with the table) is the
 * same before and after, and the Scan found that many.
 */
export async function readRegistry(cloud: LocalCloudUrls): Promise<RegistrySnapshot> {
  const documents = localClients(cloud).documents;
  const eventCount = async () => {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new QueryCommand({ TableName: cloud.registryTable, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': AUDIT_TIME_INDEX }, Select: 'COUNT', ExclusiveStartKey: start }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  };
  let items: Record<string, unknown>[] = [];
  for (let attempt = 0; ; attempt++) {
    const before = await eventCount();
    items = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName: cloud.registryTable, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey;
    } while (start);
    if ((await eventCount()) === before && items.filter((i) => i.entity === 'audit').length === before) break;
    if (attempt >= 20) throw new Error('the registry kept changing while it was read');
  }
  const of = <T>(entity: string) => items.filter((i) => i.entity === entity).map((i) => entityOf<T>(i)!);
  const results = items.filter((i) => i.entity === 'departure-result');
  const departures = of<RegistrySnapshot['departures'][number]>('departure').map((summary) => ({
    ...summary,
    accounts: Object.fromEntries(results.filter((r) => r.pk === `DEPARTURE#${summary.id}`).map((r) => [r.accountId as string, entityOf<never>(r)!])),
  }));
  return {
    people: of('person'),
    accounts: of('account'),
    grants: of('grant'),
    exposures: of('exposure'),
    departures,
    approvals: of('approval'),
    reviews: of('review'),
    custodyTasks: of('custody-task'),
    audit: of<RegistrySnapshot['audit'][number]>('audit'),
    chainHeads: Object.fromEntries(items.filter((i) => i.entity === 'audit-head').map((i) => [i.chain as string, { seq: i.seq as number, hash: i.hash as string }])),
  };
}

/** Waits until each leaver's handover has run its course: reported, and every login through rotation. */
export async function settle(system: LeaverSystem, leavers: readonly string[]) {
  await Promise.all(
    leavers.map((leaver) =>
      eventually(
        async () => {
          const c = await ok(system.steady('GET', `/departures/${caseIdOf(leaver)}`));
          return c.reportedAt && c.rotatedAt ? c : undefined;
        },
        `the handover of ${leaver} to settle`,
        90_000,
      ),
    ),
  );
}

/**
 * After a departure settles: the invariants over the whole registry, and, on the simulated platform, every
 * login a leaver knew now refuses each value they knew while its AWSCURRENT signs in.
 */
export async function checkAfterDeparture(model: LeaverModel, system: LeaverSystem) {
  const violations = checkInvariants(await readRegistry(system.cloud), new Date());
  expect(violations, `invariants after: ${system.log.join('; ')}`).toEqual([]);
  const secrets = localClients(system.cloud).secrets;
  for (const leaver of model.departed) {
    for (const [accountId, values] of model.knows.get(leaver) ?? []) {
      const account = model.accounts.find((a) => a.id === accountId)!;
      const { credential } = await ok(system.steady('GET', `/accounts/${accountId}`));
      const current = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn }))).SecretString!) as { username: string; password: string };
      expect(values.has(current.password), `${leaver} knows the current login of ${accountId}`).toBe(false);
      expect(await logsIn(system.cloud.platformUrl, account.platformAccountId, current), `AWSCURRENT of ${accountId} signs in`).toBe(true);
      for (const old of values) expect(await logsIn(system.cloud.platformUrl, account.platformAccountId, { username: account.username, password: old }), `${leaver}'s old value of ${accountId} is refused`).toBe(false);
    }
  }
}

/** A command about one person and one account, both picked by position among those that exist when it runs. */
export abstract class PersonAccountCommand<C extends { person: number; account: number }> implements AsyncCommand<LeaverModel, LeaverSystem> {
  protected label = '';
  constructor(protected readonly choice: C) {}
  check = (model: Readonly<LeaverModel>) => model.people.length > 0 && model.accounts.length > 0;
  protected picked(model: LeaverModel) {
    return { personId: pick(model.people, this.choice.person), account: pick(model.accounts, this.choice.account) };
  }
  abstract run(model: LeaverModel, system: LeaverSystem): Promise<void>;
  toString = () => this.label || this.constructor.name;
}
