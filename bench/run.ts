import type { LocalCloudUrls } from '../local/cloud.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { accountItem, accountMarkers } from '../adapters/dynamodb/registry-keys.ts';
import type { Account } from '../core/registry/model.ts';
import { stateMachineName } from '../workflows/index.ts';
import { join, resolve } from 'node:path';
import { functionIds } from '../declarations/functions.ts';
import { ensureBundles } from '../local/lambda/bundles.ts';
import { ensureConsoleBuild } from '../scripts/console-build.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { eventually, executionHistory, localClients } from '../tests/support/clients.ts';
import { linkIn, openLink, postDecision } from '../tests/support/approvals.ts';
import { inboxMessages } from '../tests/support/inbox.ts';
import { finished, startCanary } from '../tests/support/canary.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../tests/support/local-cloud-process.ts';
import { callerAs, type Caller } from '../tests/support/api.ts';
import { DEMO_LEAD, seedDemo } from '../cli/demo.ts';
import { dynamoRegistryStore } from '../adapters/dynamodb/registry-store.ts';
import { aPerson } from '../tests/support/entities.ts';
import { LocalKeyNoteSigner } from '../adapters/memory/audit-log.ts';
import { GENESIS_HASH, chainOf, sealEvent } from '../core/audit/chain.ts';
import { signCheckpoint } from '../core/audit/checkpoint.ts';
import { exportLines } from '../core/audit/export.ts';
import { compactAppend, compactRoot, leafHash } from '../core/audit/merkle.ts';
import { buildAuditVerifier } from '../scripts/audit-verifier-build.ts';
import { ApiError, type ApiClient } from '../cli/client.ts';
import { LOG_HEAD_KEY, sealedMarkKey } from '../adapters/dynamodb/registry-keys.ts';
import { RegistryTable } from '../adapters/dynamodb/table.ts';
import type { LogHead } from '../core/audit/ports.ts';

/**
 * `npm run bench`: figures, not pass/fail. Per Lambda, the bundle exactly as the CDK stack builds it
 * (minified ESM, AWS SDK external) and its module init time, the median of several cold imports, each in a
 * fresh Node process. Then the local cloud: time to ready, the canary workflow end to end, the registry API,
 * the `govern` CLI's calls, and the approval links' pages and decisions at 200 concurrent requests.
 */
const root = resolve(import.meta.dirname, '..');
const COLD_IMPORTS = 9;

/** CPU time the whole machine has spent busy (all processes, every core), from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function lambdaFigures() {
  // The bundles the local cloud runs: the stack's esbuild options (declarations/bundling.ts).
  const { paths } = await ensureBundles();
  const rows: string[][] = [];
  for (const id of functionIds) {
    const outfile = paths[id];
    const probe = `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`;
    const env = { ...process.env, REGISTRY_TABLE: 'bench', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const samples = Array.from({ length: COLD_IMPORTS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, cwd: root, encoding: 'utf8' })));
    rows.push([id, `${(statSync(outfile).size / 1024).toFixed(1)} KiB`, ms(median(samples)), ms(Math.min(...samples)), ms(Math.max(...samples))]);
  }
  return rows;
}

async function localCloudFigures(cloud: RunningCloud, ready: number) {
  const { sfn } = localClients(cloud.urls);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const { executionArn } = await startCanary(sfn, {});
    const done = await finished(sfn, executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`canary ${done.status}`);
    runs.push(performance.now() - t);
  }
  return { ready, canaryMedian: median(runs) };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

/** Wraps a test caller as the CLI's ApiClient, so the bench seeds through the same code as `govern demo seed`. */
const asApiClient = (call: Caller): ApiClient => ({
  async call(method, path, options = {}) {
    const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined) as [string, string][];
    const response = await call(method, `${path}${query.length ? `?${new URLSearchParams(query)}` : ''}`, { body: options.body, ifMatch: options.ifMatch });
    if (response.status >= 400) throw new ApiError(response.status, response.body?.message ?? response.text);
    return response.body;
  },
});

/**
 * Sealing lag: from a change's answer to the first signed checkpoint that covers its event (the event's sealed
 * mark gives its log index; the log's head names the last checkpoint claimed, written before it is signed).
 * People are added 10 at a time; a watcher reads the head and the marks every 20 ms.
 */
async function sealingFigures(cloud: RunningCloud, count: number) {
  const admin = await callerAs(cloud.urls, DEMO_LEAD, ['admin', 'hr'], { team: 'governance' });
  const table = new RegistryTable({ client: localClients(cloud.urls).documents, tableName: cloud.urls.registryTable });
  const pending = new Map<string, number>();
  const lags: number[] = [];
  let writing = true;
  const watcher = (async () => {
    while (writing || pending.size > 0) {
      const head = (await table.get<{ head: LogHead }>(LOG_HEAD_KEY))?.head;
      const covered = head?.checkpoint?.size ?? 0;
      const marks = await table.getMany([...pending.keys()].map(sealedMarkKey));
      const now = performance.now();
      for (const mark of marks) if ((mark.logIndex as number) < covered) (lags.push(now - pending.get(mark.key as string)!), pending.delete(mark.key as string));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const id = `sealed-${i + j}-${Date.now().toString(36)}`;
        const { status } = await admin('POST', '/people', { body: { id, email: `${id}@example.com`, name: `Sealed ${i + j}`, team: 'bench', trainingCompletedAt: '2026-01-01', trainingExpiresAt: '2027-12-31' } });
        if (status >= 400) throw new Error(`bench request failed: ${status}`);
        pending.set(`person/${id}#1`, performance.now());
      }),
    );
  }
  writing = false;
  await watcher;
  return lags;
}

async function registryFigures(cloud: RunningCloud) {
  const admin = await callerAs(cloud.urls, DEMO_LEAD, ['admin', 'hr'], { team: 'governance' });
  const seedStart = performance.now();
  await seedDemo(asApiClient(admin));
  const seed = performance.now() - seedStart;
  const events = (await admin('GET', '/audit/verify')).body.events as number;
  const accounts = (await admin('GET', '/accounts?limit=100')).body.items as { id: string }[];

  const timed = async (work: () => Promise<{ status: number }>) => {
    const t = performance.now();
    const { status } = await work();
    if (status >= 400) throw new Error(`bench request failed: ${status}`);
    return performance.now() - t;
  };
  const reads: number[] = [];
  for (let round = 0; round < 20; round++) reads.push(...(await Promise.all(accounts.slice(0, 10).map((a) => timed(() => admin('GET', `/accounts/${a.id}`))))));
  const writes: number[] = [];
  for (let i = 0; i < 100; i++) writes.push(await timed(() => admin('PATCH', `/accounts/${accounts[i % accounts.length]!.id}`, { body: { purpose: `bench ${i}` } })));
  // Writers on distinct entities (accounts, then people): they contend on nothing but what every audited change
  // writes. Each writes 5 times; an answer asking to try again (409 on a stale read, 5xx) is counted, not retried.
  const people = ((await admin('GET', '/people?limit=100')).body.items as { id: string }[]).filter((p) => p.id !== DEMO_LEAD);
  const targets = [...accounts.map((a) => `/accounts/${a.id}`), ...people.map((p) => `/people/${p.id}`)];
  const writeRound = async (writers: number, round: string) => {
    let refused = 0;
    await Promise.all(
      targets.slice(0, writers).map(async (path, w) => {
        for (let i = 0; i < 5; i++) {
          const body = path.startsWith('/accounts/') ? { purpose: `writer ${w} ${round} ${i}` } : { name: `Writer ${w} ${round} ${i}` };
          if ((await admin('PATCH', path, { body })).status >= 400) refused++;
        }
      }),
    );
    return refused;
  };
  // One untimed round first: the runtimes a burst needs start once (a cold start is Lambda's, not the trail's).
  await writeRound(50, 'warm-up');
  const scaling = [];
  for (const writers of [1, 10, 50]) {
    const cpuBefore = machineBusySeconds();
    const start = performance.now();
    const refused = await writeRound(writers, 'timed');
    const count = Math.min(writers, targets.length) * 5;
    scaling.push({ writers: Math.min(writers, targets.length), perSecond: count / ((performance.now() - start) / 1000), refused, cpuMsPerWrite: ((machineBusySeconds() - cpuBefore) * 1000) / count });
  }
  const writesPerSecond = scaling;
  // The same at the store, straight to DynamoDB Local: the commit each change makes (a new person and its
  // audit event and chain head), without the gateway and Lambda runtimes that share the two cores.
  const store = dynamoRegistryStore({ client: localClients(cloud.urls).documents, tableName: cloud.urls.registryTable });
  const storeScaling = [];
  for (const writers of [1, 10, 50]) {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          const id = `bench-store-${writers}-${w}-${i}`;
          await store.commit({ writes: [{ type: 'person', item: aPerson(id), expectedVersion: null }], audit: { actor: DEMO_LEAD, actorRoles: ['admin'], action: 'person.created', entityType: 'person', entityId: id } });
        }
      }),
    );
    storeScaling.push({ writers, perSecond: (writers * 20) / ((performance.now() - start) / 1000) });
  }
  const verifyStart = performance.now();
  const verdict = (await admin('GET', '/audit/verify')).body;
  const verify = performance.now() - verifyStart;
  return { seed, events, reads, writes, writesPerSecond, storeScaling, verify, verdict };
}

const CLI_CALLS = 9;

/**
 * The `govern` CLI as README has it run: `./bin/govern.mjs` (its shebang starts Node), from the folder the
 * cloud was started in and without STEWARD_DATA_DIR, so it finds the cloud as a developer's does. Wall time
 * of whole calls, each a fresh process, on the demo organisation (25 accounts: one page).
 */
function cliFigures(cloud: RunningCloud) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.STEWARD_DATA_DIR;
  const govern = (args: string[]) => execFileSync(join(root, 'bin', 'govern.mjs'), args, { cwd: cloud.dataDir, env, encoding: 'utf8' });
  govern(['login', '--as', DEMO_LEAD, '--role', 'admin', 'hr']);
  govern(['demo', 'seed']); // says "already there" after the registry bench
  const wall = (args: string[]) =>
    median(
      Array.from({ length: CLI_CALLS }, () => {
        const started = performance.now();
        govern(args);
        return performance.now() - started;
      }),
    );
  return { help: wall(['--help']), whoami: wall(['whoami']), accounts: wall(['accounts', 'list']) };
}

/** Runs `work` over `items`, at most `concurrency` at a time, keeping the order of the results. */
async function pooled<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  }));
  return results;
}

const timedMs = async <R>(work: () => Promise<R>) => {
  const t = performance.now();
  const result = await work();
  return { result, ms: performance.now() - t };
};

/**
 * The approval links under load: `count` pending access requests on a low-risk account (its owner decides),
 * their links read from the inbox, then the confirmation pages and the decisions, `concurrency` at a time.
 */
async function approvalFigures(cloud: RunningCloud, label: string, count: number, concurrency: number) {
  const admin = await callerAs(cloud.urls, DEMO_LEAD, ['admin', 'hr'], { team: 'governance' });
  const lowRisk = ((await admin('GET', '/accounts?limit=100')).body.items as { id: string; riskTier: string; ownerId: string }[]).filter((a) => a.riskTier === 'low');
  // An account whose owner is still on staff, so its one stage is the owner's.
  const owners = await Promise.all(lowRisk.map(async (a) => (await admin('GET', `/people/${a.ownerId}`)).body.status as string));
  const account = lowRisk.find((_, i) => owners[i] === 'active')!;
  const people = Array.from({ length: count }, (_, i) => `bench-${label}-${i}`);
  const imported = await admin('POST', '/people/import', { body: { people: people.map((id) => ({ id, email: `${id}@example.com`, name: id, team: 'marketing', trainingCompletedAt: '2026-01-01', trainingExpiresAt: '2027-12-31' })) } });
  if (imported.status >= 400) throw new Error(`import: ${imported.text}`);
  const opening = await timedMs(() =>
    pooled(people, 10, async (id) => (await (await callerAs(cloud.urls, id, ['employee']))('POST', '/access-requests', { body: { accountId: account.id, role: 'viewer', reason: 'bench' } })).body.id as string),
  );
  const requestIds = opening.result;
  const links = await eventually(async () => {
    const mails = (await inboxMessages(cloud.urls.inboxUrl)).filter((m) => m.subject.startsWith('Approval needed'));
    const found = new Map(mails.map((m) => [/apr-[a-z0-9]+/.exec(m.subject)![0], linkIn(m)]));
    return requestIds.every((id) => found.has(id)) ? requestIds.map((id) => found.get(id)!) : undefined;
  }, 'every approval email', 120_000);
  const pages = await pooled(links, concurrency, (link) => timedMs(() => openLink(link)));
  const answers = await pooled(links, concurrency, async (link, i) => {
    const { result: page } = pages[i]!;
    const { result: response, ms } = await timedMs(() => postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie }));
    return { status: response.status, ms };
  });
  // A decision the audit chain could not take in time is answered "nothing was changed, try again" (503).
  const unrecorded = answers.filter((a) => a.status !== 200).length;
  return { count, concurrency, opened: opening.ms, pages: pages.map((p) => p.ms), decisions: answers.map((a) => a.ms), unrecorded };
}

/**
 * A leaver with `count` accounts (each a grant with the login, on the simulated platform's password API),
 * handed over end to end: times from the departure to all access revoked and to all logins rotated, read
 * amplification of the handover steps (from their log lines), and state transitions per account.
 */
async function handoverFigures(cloud: RunningCloud, count: number) {
  const hr = await callerAs(cloud.urls, DEMO_LEAD, ['admin', 'hr'], { team: 'governance' });
  const must = async (response: Promise<{ status: number; text: string; body: any }>) => {
    const r = await response;
    if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    return r.body;
  };
  const leaver = 'bench-leaver';
  const owner = 'bench-owner';
  for (const id of [leaver, owner]) await must(hr('POST', '/people', { body: { id, email: `${id}@example.com`, name: id, team: 'marketing', trainingCompletedAt: '2026-01-01', trainingExpiresAt: '2027-12-31' } }));
  await pooled(Array.from({ length: count }, (_, i) => i), 10, async (i) => {
    const account = await must(hr('POST', '/accounts', { body: { platform: 'x', handle: `@bench${i}`, platformAccountId: `bench-${i}`, displayName: `Bench ${i}`, url: 'https://x.com/bench', scope: 'external', purpose: 'bench', team: 'marketing', ownerId: owner, riskTier: 'low' } }));
    const password = `Bench-${i}-${Date.now()}-Aa1!`;
    await must(hr('PUT', `/accounts/${account.id}/credential`, { body: { username: `bench${i}`, password } }));
    await fetch(`${cloud.urls.platformUrl}/accounts/bench-${i}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench${i}`, password, passwordApi: true }) });
    await must(hr('POST', `/accounts/${account.id}/grants`, { body: { personId: leaver, role: 'publisher', credentialAccess: true, reason: 'bench' } }));
  });
  const started = performance.now();
  const departure = await must(hr('POST', '/departures', { body: { personId: leaver } }));
  const done = await eventually(async () => {
    const c = await must(hr('GET', `/departures/${departure.id}`));
    return c.reportedAt ? c : undefined;
  }, 'the handover', 600_000);
  const wall = performance.now() - started;
  const since = (at: string) => Date.parse(at) - Date.parse(done.effectiveAt);
  const { sfn } = localClients(cloud.urls);
  const executionArn = `arn:aws:states:${cloud.urls.region}:000000000000:execution:${stateMachineName('handover')}:${departure.id}`;
  let entered = 0;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    entered += (page.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).length;
    nextToken = page.nextToken;
  } while (nextToken);
  const steps = readFileSync(join(cloud.dataDir, 'local-cloud.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"handover step"') && line.includes(departure.id))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { itemsRead: number; itemsReturned: number });
  const read = steps.reduce((sum, s) => sum + s.itemsRead, 0);
  const returned = steps.reduce((sum, s) => sum + s.itemsReturned, 0);
  return { count, status: done.status, revokedMs: since(done.revokedAt), rotatedMs: since(done.rotatedAt), wall, read, returned, transitionsPerAccount: entered / count };
}

/**
 * An export of a million sealed events over 1,000 subjects' chains, signed by a key of its own, written to a
 * file, then checked by the auditor's verifier as they run it: the built file, in a fresh Node process.
 */
async function auditExportFigures(count: number) {
  const folder = mkdtempSync(join(tmpdir(), 'steward-export-'));
  try {
    const signer = new LocalKeyNoteSigner('bench.steward/audit');
    const file = join(folder, 'export.jsonl');
    const heads = new Map<string, { seq: number; hash: string }>();
    const events = function* () {
      for (let i = 0; i < count; i++) {
        const id = `p-${i % 1000}`;
        const head = heads.get(id) ?? { seq: 0, hash: GENESIS_HASH };
        const event = sealEvent({ actor: 'hr-1', actorRoles: ['hr'], action: 'person.updated', entityType: 'person', entityId: id, before: { team: 'a' }, after: { team: `team-${i}` }, reason: 'bench' }, head.seq + 1, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), head.hash, [`person/${id}@${head.seq + 2}`]);
        heads.set(id, { seq: event.seq, hash: event.hash });
        yield { logIndex: i, chain: chainOf(event), event };
      }
    };
    const generated = performance.now();
    let frontier: Buffer[] = [];
    const all = [...events()];
    all.forEach(({ event }, i) => (frontier = compactAppend(frontier, i, leafHash(Buffer.from(event.hash, 'hex')))));
    const note = await signCheckpoint({ origin: 'bench.steward/audit', size: count, root: compactRoot(frontier), extensions: ['time 2026-12-03T13:00:00.000Z'] }, signer);
    const out = createWriteStream(file);
    for await (const line of exportLines({ origin: 'bench.steward/audit', note, from: 0, to: count, prefix: [], consistency: [], logSize: count }, all)) if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    const generateMs = performance.now() - generated;
    const keyFile = join(folder, 'key.der');
    writeFileSync(keyFile, await signer.publicKey());
    const verifier = await buildAuditVerifier(join(folder, 'steward-audit-verify.mjs'));
    const started = performance.now();
    const run = spawnSync(process.execPath, [verifier, file, '--public-key', keyFile, '--origin', 'bench.steward/audit'], { encoding: 'utf8' });
    const verifyMs = performance.now() - started;
    if (run.status !== 0) throw new Error(`the verifier refused the bench export: ${run.stdout}${run.stderr}`);
    return { count, bytes: statSync(file).size, generateMs, verifyMs };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A local cloud of its own whose registry holds `totalItems` table items (accounts with their due markers,
 * loaded straight into DynamoDB Local: the load is set-up, not measured), of which `due` accounts are due for
 * recertification. `stale`: the due accounts' records have since moved to another tier, so their markers
 * are due but handling each is a read that finds nothing to do (the run's shape, without its writes).
 */
async function cloudWithAccounts(totalItems: number, due: number, options: { stale?: boolean } = {}) {
  const dataDir = newDataDir();
  const cloud = await startCloudProcess({ dataDir, ports: await freePorts() });
  const admin = await callerAs(cloud.urls, 'bench-admin', ['admin', 'hr']);
  const [owner, backup] = ['bench-owner', 'bench-backup'];
  for (const id of [owner, backup]) {
    const created = await admin('POST', '/people', { body: { id, email: `${id}@example.com`, name: id, team: 'marketing', trainingCompletedAt: '2026-01-01', trainingExpiresAt: '2027-12-31' } });
    if (created.status >= 300) throw new Error(created.text);
  }
  const { documents } = localClients(cloud.urls);
  const at = new Date().toISOString();
  const recently = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const accountCount = Math.round(totalItems / 3);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < accountCount; i++) {
    const account: Account = {
      id: `acc-bench${String(i).padStart(7, '0')}`,
      platform: 'x',
      handle: `@bench${i}`,
      platformAccountId: `bench-${i}`,
      displayName: `Bench ${i}`,
      url: 'https://x.com/bench',
      scope: 'external',
      purpose: 'bench',
      team: 'marketing',
      ownerId: owner,
      backupOwnerId: backup,
      riskTier: 'medium',
      status: 'active',
      policies: [],
      // Well held: no single point of failure, so an account is its item and its two review markers.
      platformControl: { nativeAdmins: [{ personId: owner, name: owner }, { personId: backup, name: backup }], twoFactor: { method: 'security-key', holderId: owner } },
      lastBrandAuditAt: recently,
      lastRecertifiedAt: i < due ? '2025-01-01' : recently,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    items.push(accountItem(options.stale && i < due ? { ...account, riskTier: 'high' } : account), ...accountMarkers(account));
  }
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, (i + 1) * 25));
  await pooled(batches, 8, async (batch) => {
    let unprocessed: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (unprocessed?.length) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [cloud.urls.registryTable]: unprocessed as never } }));
      unprocessed = result.UnprocessedItems?.[cloud.urls.registryTable] as never;
    }
  });
  const discard = async () => {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { cloud, dataDir, admin, items: items.length, discard };
}

/** Starts a recertification run and waits for its end: its id, status and wall time. */
async function recertificationRun(admin: Caller) {
  const started = performance.now();
  const run = await admin('POST', '/review-runs', { body: { kinds: ['recertification'] } });
  const { runId } = run.body as { runId: string };
  const status = await eventually(async () => {
    const current = (await admin('GET', `/review-runs/${runId}`)).body as { status: string };
    return current.status === 'RUNNING' ? undefined : current.status;
  }, 'the review run', 3_600_000);
  return { runId, status, wall: performance.now() - started };
}

/**
 * The review sweep over `totalItems` registry items with `due` accounts due: the run's wall time and the
 * items its steps read. Same `due`, ten times the registry: the items read should not grow with it.
 */
async function sweepFigures(totalItems: number, due: number) {
  const { cloud, dataDir, admin, items, discard } = await cloudWithAccounts(totalItems, due);
  try {
    const { runId, status, wall } = await recertificationRun(admin);
    const steps = readFileSync(join(dataDir, 'local-cloud.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"review step"') && line.includes(runId))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { action: string; itemsRead: number; itemsReturned: number });
    const sum = (...actions: string[]) => steps.filter((s) => actions.includes(s.action)).reduce((total, s) => total + s.itemsRead, 0);
    // The sweeps end where the Finish step (which recomputes and keeps the KPIs) begins.
    const events = await executionHistory(cloud.urls, `arn:aws:states:${cloud.urls.region}:000000000000:execution:${stateMachineName('reviews')}:${runId}`);
    const finishAt = events.find((e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === 'Finish')?.timestamp;
    const startAt = events[0]?.timestamp;
    const sweepMs = finishAt && startAt ? finishAt.getTime() - startAt.getTime() : Number.NaN;
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await admin('GET', path);
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
      return performance.now() - started;
    };
    // As the run left them, then computed from the whole registry.
    const [kept, fresh] = [await timed('/kpis'), await timed('/kpis?fresh=true')];
    return { items, due, status, wall, sweepMs, sweepRead: sum('page', 'batch'), indexRead: sum('page'), kpiRead: sum('finish'), kept, fresh };
  } finally {
    await discard();
  }
}

/**
 * A review run over `due` due items, for its shape on AWS: the history events of the run and of its largest
 * sweep part (AWS fails an execution at 25,000), and how many parts ran.
 */
async function runShapeFigures(due: number) {
  const { cloud, admin, items, discard } = await cloudWithAccounts(due * 3, due, { stale: true });
  try {
    const { runId, status, wall } = await recertificationRun(admin);
    const run = await executionHistory(cloud.urls, `arn:aws:states:${cloud.urls.region}:000000000000:execution:${stateMachineName('reviews')}:${runId}`);
    const parts = run
      .filter((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resourceType === 'states')
      .map((e) => (JSON.parse(e.taskSucceededEventDetails!.output!) as { ExecutionArn: string }).ExecutionArn);
    const partEvents = await Promise.all(parts.map(async (arn) => (await executionHistory(cloud.urls, arn)).length));
    return { items, due, status, wall, runEvents: run.length, parts: parts.length, largestPart: Math.max(...partEvents) };
  } finally {
    await discard();
  }
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `npm run bench -- handover approvals`: only those sections (default: all of them, sealing among them). */
/**
 * The console: what the first screen downloads (the shell's entry script, what it preloads, and the landing
 * page's chunk), gzipped as CloudFront serves it; then, in Debian's Chromium on the local cloud over a
 * registry of 100,000 accounts, the dashboard interactive after navigation and the accounts table's next page.
 */
async function consoleFigures() {
  const { folder } = await ensureConsoleBuild();
  const html = readFileSync(join(folder, 'index.html'), 'utf8');
  const gz = (file: string) => gzipSync(readFileSync(join(folder, file))).length;
  const shell = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const chunk = (name: string) => `assets/${readdirSync(join(folder, 'assets')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'))!}`;
  // A chunk downloads every chunk it imports statically (rolldown writes them as `from"./x.js"` / `import"./x.js"`).
  const withImports = (files: string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, imported] of readFileSync(join(folder, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(`assets/${imported}`);
    };
    files.forEach(visit);
    return seen;
  };
  const bytes = (files: Set<string>) => [...files].reduce((total, file) => total + gz(file), 0);
  const shellBytes = bytes(withImports(shell));
  const firstScreen = { dashboard: bytes(withImports([...shell, chunk('dashboard')])), accounts: bytes(withImports([...shell, chunk('accounts')])) };

  const browser = await launchBrowser();
  const signedIn = async (consoleUrl: string, personId: string) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${consoleUrl}/accounts`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Person id').fill(personId);
    await page.getByRole('checkbox', { name: 'admin', exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    return page;
  };
  try {
    // The dashboard over the demo organisation, its KPIs computed once as a review run or the digest would.
    const demoDir = newDataDir();
    // As a newcomer's first `npm start` has it: --demo loads the demo organisation through the API.
    const demo = await startCloudProcess({ dataDir: demoDir, ports: await freePorts(), args: ['--demo'] });
    const dashboard: number[] = [];
    try {
      const admin = await callerAs(demo.urls, DEMO_LEAD, ['admin', 'hr'], false);
      await eventually(async () => ((await admin('GET', '/departures?limit=1')).body?.items?.length ? true : undefined), 'the demo organisation from npm start --demo', 120_000);
      if ((await admin('GET', '/kpis?fresh=true')).status !== 200) throw new Error('the KPIs did not compute');
      const page = await signedIn(demo.urls.consoleUrl, DEMO_LEAD);
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await page.goto(`${demo.urls.consoleUrl}/`);
        await page.getByRole('heading', { name: 'Reviews on time, by kind' }).waitFor();
        dashboard.push(performance.now() - started);
      }
    } finally {
      await demo.stop();
      rmSync(demoDir, { recursive: true, force: true });
    }
    // The accounts table, paged on the server over 100,000 accounts loaded directly.
    const { cloud, discard } = await cloudWithAccounts(300_000, 0);
    const nextPage: number[] = [];
    try {
      const page = await signedIn(cloud.urls.consoleUrl, 'bench-admin');
      await page.getByRole('row').nth(50).waitFor();
      for (let i = 0; i < 5; i++) {
        const first = await page.getByRole('row').nth(1).textContent();
        const started = performance.now();
        await page.getByRole('button', { name: 'Next page' }).click();
        // Locators, not a page function: the console's CSP refuses the eval a string predicate needs.
        await page.locator('tbody tr').first().filter({ hasNotText: first! }).waitFor();
        await page.locator('tbody tr').nth(49).waitFor();
        nextPage.push(performance.now() - started);
      }
    } finally {
      await discard();
    }
    return { shellBytes, firstScreen, dashboard: median(dashboard), nextPage: median(nextPage) };
  } finally {
    await browser.close();
  }
}

const chosen = new Set(process.argv.slice(2));
const section = (name: 'lambdas' | 'registry' | 'cli' | 'approvals' | 'handover' | 'reviews' | 'review-scale' | 'console' | 'audit-export' | 'sealing') => chosen.size === 0 || chosen.has(name);

if (section('lambdas')) {
  const lambdaRows = await lambdaFigures();
  process.stdout.write(`\nLambda bundles (minified ESM, node24 target, AWS SDK external); init = cold import, ${COLD_IMPORTS} fresh processes\n`);
  process.stdout.write(`${table(['function', 'bundle', 'init median', 'init min', 'init max'], lambdaRows)}\n`);
}
const dataDir = newDataDir();
const started = performance.now();
const running = await startCloudProcess({ dataDir, ports: await freePorts() });
try {
  const cloud = await localCloudFigures(running, performance.now() - started);
  process.stdout.write(`\nLocal cloud\n${table(['figure', 'value'], [
    ['npm start → ready (DynamoDB Local, endpoint, gateway, inbox)', ms(cloud.ready)],
    ['canary workflow end to end, median of 5 (includes one 1 s Wait)', ms(cloud.canaryMedian)],
  ])}\n`);
  // The approvals bench runs on the demo organisation the registry bench seeds.
  const registry = section('registry') || section('approvals') ? await registryFigures(running) : undefined;
  if (registry) process.stdout.write(`\nRegistry API (local cloud, through the gateway, JWT checked)\n${table(['figure', 'value'], [
    [`govern demo seed (${registry.events} audited changes)`, ms(registry.seed)],
    ['GET /accounts/{id}, 200 requests at concurrency 10: p50 / p99', `${ms(percentile(registry.reads, 50))} / ${ms(percentile(registry.reads, 99))}`],
    ['PATCH /accounts/{id} (transaction + audit chain), 100 sequential: p50 / p99', `${ms(percentile(registry.writes, 50))} / ${ms(percentile(registry.writes, 99))}`],
    ...registry.writesPerSecond.map((run) => [`audited writes per second, ${run.writers} writer(s) on distinct entities, 5 writes each (answers refused)`, `${run.perSecond.toFixed(1)} (${run.refused})`]),
    ['the same, 50 writers ÷ 1 writer (issue 15 asks ≥ 4)', (registry.writesPerSecond.at(-1)!.perSecond / registry.writesPerSecond[0]!.perSecond).toFixed(2)],
    [`CPU per audited write, all processes (1 writer / 50), and the ${cpus().length} cores' ceiling at 50`, `${registry.writesPerSecond[0]!.cpuMsPerWrite.toFixed(1)} ms / ${registry.writesPerSecond.at(-1)!.cpuMsPerWrite.toFixed(1)} ms; ${((cpus().length * 1000) / registry.writesPerSecond.at(-1)!.cpuMsPerWrite).toFixed(0)} writes/s`],
    ...registry.storeScaling.map((run) => [`store commits per second straight to DynamoDB Local, ${run.writers} writer(s) on distinct entities, 20 each`, run.perSecond.toFixed(1)]),
    ['the same, 50 writers ÷ 1 writer', (registry.storeScaling.at(-1)!.perSecond / registry.storeScaling[0]!.perSecond).toFixed(2)],
    [`GET /audit/verify over ${registry.verdict.events} events`, `${ms(registry.verify)} (${registry.verdict.ok ? 'intact' : 'BROKEN'})`],
  ])}\n`);
  if (section('sealing')) {
    const lags = await sealingFigures(running, 200);
    process.stdout.write(`\nAudit sealing (local cloud: the table's stream, the sealer's bundle, the S3 and KMS twins)\n${table(['figure', 'value'], [
      [`change answered → its event in a signed checkpoint, ${lags.length} people added 10 at a time: p50 / p99 (goal p99 ≤ 5 s)`, `${ms(percentile(lags, 50))} / ${ms(percentile(lags, 99))}`],
    ])}\n`);
  }
  if (section('cli')) {
    // The DEMO_LEAD the CLI signs in as acts only once enrolled, as in the registry bench.
    if (!registry) await callerAs(running.urls, DEMO_LEAD, ['admin', 'hr'], { team: 'governance' });
    const cli = cliFigures(running);
    process.stdout.write(`\ngovern CLI (./bin/govern.mjs as README runs it, local cloud found from its folder; median wall time of ${CLI_CALLS} calls, each a new process; goal ≤ 300 ms)\n${table(['figure', 'value'], [
      ['govern --help (start-up only: no request)', ms(cli.help)],
      ['govern whoami (GET /me)', ms(cli.whoami)],
      ['govern accounts list (GET /accounts, 25 accounts)', ms(cli.accounts)],
    ])}\n`);
  }
  if (section('approvals')) {
    const burst = await approvalFigures(running, 'burst', 200, 200);
    const steady = await approvalFigures(running, 'steady', 200, 10);
    const p50p99 = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;
    process.stdout.write(`\nApprovals by email link (local cloud; each decision also sets off its workflow's own audited steps)\n${table(['figure', 'value'], [
      [`${burst.count} access requests opened, 10 at a time (validation, stages, workflow start)`, `${ms(burst.opened)} (${ms(burst.opened / burst.count)} each)`],
      ...[burst, steady].flatMap((run) => [
        [`GET /decide/{token} confirmation page, ${run.count} at concurrency ${run.concurrency}: p50 / p99`, p50p99(run.pages)],
        [`POST /decide/{token} decision, ${run.count} at concurrency ${run.concurrency}: p50 / p99 (asked to retry)`, `${p50p99(run.decisions)} (${run.unrecorded})`],
      ]),
    ])}\n`);
  }
  if (section('handover')) {
    const handover = await handoverFigures(running, 200);
    process.stdout.write(`\nOffboarding handover (local cloud, simulated platform with a password API)\n${table(['figure', 'value'], [
      [`leaver with ${handover.count} accounts: departure → all access revoked`, ms(handover.revokedMs)],
      [`departure → all ${handover.count} logins rotated (5 accounts at a time)`, ms(handover.rotatedMs)],
      ['departure → report sent (wall clock, from the API call)', `${ms(handover.wall)} (${handover.status})`],
      ['DynamoDB items read by the handover steps, per account handed over', `${(handover.read / handover.count).toFixed(1)} (${handover.read} in all)`],
      ['items read ÷ items returned (1.00: every read a key or index Query, nothing filtered away)', (handover.read / Math.max(1, handover.returned)).toFixed(2)],
      ['state transitions per account (execution history)', handover.transitionsPerAccount.toFixed(1)],
    ])}\n`);
  }
} finally {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (section('console')) {
  const c = await consoleFigures();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  process.stdout.write(`\nConsole (built by Vite; gzipped sizes; Debian's Chromium on the local cloud)\n${table(['figure', 'value'], [
    ['shell JavaScript (entry, preloads and their imports), gzipped', kb(c.shellBytes)],
    ['first screen JavaScript with every chunk it imports, dashboard / accounts landing, gzipped (goal ≤ 300 KB)', `${kb(c.firstScreen.dashboard)} / ${kb(c.firstScreen.accounts)}`],
    ['dashboard interactive after navigation over the demo organisation, median of 5 (goal ≤ 1 s)', ms(c.dashboard)],
    ["accounts table's next page over 100,000 accounts, median of 5 (goal ≤ 200 ms)", ms(c.nextPage)],
  ])}\n`);
}
if (section('audit-export')) {
  const exported = await auditExportFigures(1_000_000);
  process.stdout.write(`\nAudit evidence export (offline verifier, one built file, a fresh Node process; goal ≤ 30 s)\n${table(['figure', 'value'], [
    [`export of ${exported.count.toLocaleString('en')} events, 1,000 chains (written by the bench)`, `${(exported.bytes / 1024 / 1024).toFixed(0)} MB in ${ms(exported.generateMs)}`],
    ['steward-audit-verify over it: every hash, every chain, the root against the signed checkpoint', ms(exported.verifyMs)],
  ])}\n`);
}
if (section('reviews')) {
  const runs = [await sweepFigures(10_000, 200), await sweepFigures(100_000, 200)];
  process.stdout.write(`\nReview sweep (recertification run; each local cloud of its own; accounts with their due markers loaded directly)\n${table(
    ['registry items', 'due', 'run', 'sweeps', 'items read by the sweeps', 'of which the due index', 'per due account', 'whole run (KPIs kept at its end)', 'items read for the KPIs', 'GET /kpis', 'GET /kpis?fresh=true'],
    runs.map((r) => [String(r.items), String(r.due), r.status, ms(r.sweepMs), String(r.sweepRead), String(r.indexRead), (r.sweepRead / r.due).toFixed(1), ms(r.wall), String(r.kpiRead), ms(r.kept), ms(r.fresh)]),
  )}\n`);
}

if (section('review-scale')) {
  const shape = await runShapeFigures(50_000);
  process.stdout.write(`\nReview run shape at scale (recertification; ${shape.due} due items whose handling finds nothing to do; AWS fails an execution at 25,000 history events)\n${table(
    ['registry items', 'due', 'run', 'wall', 'run history events', 'sweep parts (child executions)', 'largest part, events'],
    [[String(shape.items), String(shape.due), shape.status, ms(shape.wall), String(shape.runEvents), String(shape.parts), String(shape.largestPart)]],
  )}\n`);
}
