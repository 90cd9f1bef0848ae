import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { roles } from '../core/auth.ts';
import { accountStatuses, grantRoles, personStatuses, platforms, reviewCadences, riskTiers } from '../core/registry/model.ts';
import { controlKinds } from '../core/handover/model.ts';
import { apiClient } from './client.ts';
import { seedDemo, simulatedPlatform } from './demo.ts';
import { printJson, printRecord, printTable } from './format.ts';
import { CliError, localCloud, saveSession } from './session.ts';
import { kpiLines } from '../core/reviews/kpis.ts';
import { peopleRowsFromCsv } from '../core/registry/people-csv.ts';
import { findingCodes, sweepKinds } from '../core/reviews/model.ts';

/**
 * `govern`: the registry from the terminal. Every command goes through the API (the local one by default),
 * so the CLI can do nothing the caller's token does not allow.
 */
const program = new Command('govern')
  .description('Steward: social media governance from the terminal')
  .addOption(new Option('--api <url>', 'API base URL (default: the local cloud in .steward/local.json)'))
  .showHelpAfterError();

const api = () => apiClient(program.opts<{ api?: string }>().api);
const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);
const json = new Option('--json', 'print JSON instead of a table');
/** Prints JSON with --json, else the human form. */
const emit = (asJson: boolean | undefined, value: unknown, human: () => void) => (asJson ? printJson(value) : human());
/** Drops unset options so the API sees only what was given. */
const defined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

/** `<group> show <id>`: the record at `<path>/<id>`, printed by `print`, or as JSON with --json. */
const showCommand = (group: Command, path: string, print: (value: any) => void = printRecord) =>
  group
    .command('show <id>')
    .addOption(json)
    .action(async (id: string, o) => {
      const value = await api().call('GET', `${path}/${encodeURIComponent(id)}`);
      emit(o.json, value, () => print(value));
    });

program
  .command('login')
  .description('sign in: locally as any person and roles (development issuer), or with a token from your identity provider')
  .option('--as <person>', 'person id to act as (local development issuer)')
  .addOption(new Option('--role <roles...>', 'roles to hold').choices([...roles]))
  .option('--token <jwt>', 'a bearer token issued by your identity provider (with --api)')
  .action(async (options: { as?: string; role?: string[]; token?: string }) => {
    const apiUrl = program.opts<{ api?: string }>().api;
    if (options.token) {
      if (!apiUrl) throw new CliError('--token needs --api <url>');
      saveSession({ apiUrl, token: options.token });
      process.stdout.write(`signed in to ${apiUrl}\n`);
      return;
    }
    if (!options.as || !options.role?.length) throw new CliError('give --as <person> and --role <role...> (or --token with --api)');
    const cloud = localCloud();
    const response = await fetch(`${cloud.awsEndpoint}/_steward/dev-token`, { method: 'POST', body: JSON.stringify({ personId: options.as, roles: options.role }) });
    const minted = (await response.json()) as { token?: string; expiresAt?: string; message?: string };
    if (!response.ok || !minted.token) throw new CliError(minted.message ?? 'the development issuer refused');
    saveSession({ apiUrl: apiUrl ?? cloud.apiUrl, token: minted.token, personId: options.as, roles: options.role, expiresAt: minted.expiresAt });
    process.stdout.write(`signed in as ${options.as} (${options.role.join(', ')}) until ${minted.expiresAt}\n`);
  });

program
  .command('whoami')
  .addOption(json)
  .action(async (options: { json?: boolean }) => {
    const me = await api().call('GET', '/me');
    if (options.json) return printJson(me);
    printRecord({ person: me.principal.personId, roles: me.principal.roles, name: me.person?.name ?? '(not in the registry)', owns: me.footprint.owned, backs: me.footprint.backup, granted: me.footprint.granted.map((g: { accountId: string; role: string }) => `${g.accountId} (${g.role})`) });
  });

// People ------------------------------------------------------------------------------------------------
const people = program.command('people').description('staff, as synced from HR');
people
  .command('add')
  .requiredOption('--id <id>')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--team <team>')
  .option('--manager <id>')
  .option('--training-completed <date>', 'YYYY-MM-DD')
  .option('--training-expires <date>', 'YYYY-MM-DD')
  .action(async (o) => {
    const person = await api().call('POST', '/people', {
      body: defined({ id: o.id, email: o.email, name: o.name, team: o.team, managerId: o.manager, trainingCompletedAt: o.trainingCompleted, trainingExpiresAt: o.trainingExpires }),
    });
    process.stdout.write(`added ${person.id}\n`);
  });
people
  .command('import <csv>')
  .description('create or update people from a CSV with columns id,email,name,team[,managerId,trainingCompletedAt,trainingExpiresAt]')
  .addOption(json)
  .action(async (file: string, o: { json?: boolean }) => {
    const result = await api().call('POST', '/people/import', { body: { people: peopleRowsFromCsv(readFileSync(file, 'utf8')) } });
    if (o.json) return printJson(result);
    printTable(result.results.filter((r: { outcome: string }) => r.outcome === 'failed'), ['row', 'id', 'error']);
    process.stdout.write(`${Object.entries(result.summary).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
  });
people
  .command('list')
  .option('--team <team>')
  .addOption(new Option('--status <status>').choices([...personStatuses]))
  .addOption(json)
  .action(async (o) => {
    const items = await all('/people', { team: o.team, status: o.status });
    emit(o.json, items, () => printTable(items, ['id', 'name', 'email', 'team', 'status', 'managerId', 'trainingExpiresAt']));
  });
people
  .command('show <id>')
  .addOption(json)
  .action(async (id: string, o) => {
    const [person, footprint] = await Promise.all([api().call('GET', `/people/${encodeURIComponent(id)}`), api().call('GET', `/people/${encodeURIComponent(id)}/accounts`)]);
    if (o.json) return printJson({ ...person, footprint });
    printRecord({ ...person, owns: footprint.owned, backs: footprint.backup, grants: footprint.granted.map((g: { accountId: string; role: string }) => `${g.accountId}:${g.role}`), knowsLogins: footprint.credentialKnown });
  });
people
  .command('update <id>')
  .option('--email <email>')
  .option('--name <name>')
  .option('--team <team>')
  .option('--manager <id>')
  .addOption(new Option('--status <status>').choices([...personStatuses]))
  .option('--training-completed <date>')
  .option('--training-expires <date>')
  .action(async (id: string, o) => {
    const current = await api().call('GET', `/people/${encodeURIComponent(id)}`);
    const body = defined({ email: o.email, name: o.name, team: o.team, managerId: o.manager, status: o.status, trainingCompletedAt: o.trainingCompleted, trainingExpiresAt: o.trainingExpires });
    const person = await api().call('PATCH', `/people/${encodeURIComponent(id)}`, { body, ifMatch: current.version });
    process.stdout.write(`updated ${person.id} (version ${person.version})\n`);
  });

// Accounts ----------------------------------------------------------------------------------------------
const accountFields = (command: Command, required: boolean) => {
  const option = (flags: string, description?: string) => (required ? command.requiredOption(flags, description) : command.option(flags, description));
  option('--handle <handle>');
  if (required) option('--platform-id <id>', "the platform's permanent account id");
  option('--name <displayName>');
  option('--url <url>');
  option('--purpose <text>');
  option('--team <team>');
  option('--owner <person>');
  command.addOption(new Option('--scope <scope>').choices(['internal', 'external']).makeOptionMandatory(required));
  command.addOption(new Option('--risk <tier>').choices([...riskTiers]).makeOptionMandatory(required));
  command.option('--backup <person>', 'backup owner');
  command.option('--policies <id@version,...>', 'linked policies with the version in force');
  command.option('--brand-kit <ref>');
  return command;
};
const accountBody = (o: Record<string, string | undefined>) =>
  defined({
    handle: o.handle,
    platformAccountId: o.platformId,
    displayName: o.name,
    url: o.url,
    purpose: o.purpose,
    team: o.team,
    ownerId: o.owner,
    backupOwnerId: o.backup,
    scope: o.scope,
    riskTier: o.risk,
    brandKitRef: o.brandKit,
    policies: o.policies ? list(o.policies).map((p) => ({ policyId: p.split('@')[0], version: p.split('@')[1] ?? '' })) : undefined,
  });

const accounts = program.command('accounts').description('the official channels');
accountFields(accounts.command('add').addOption(new Option('--platform <platform>').choices([...platforms]).makeOptionMandatory()), true)
  .addOption(new Option('--status <status>').choices(['requested', 'active']))
  .action(async (o) => {
    const account = await api().call('POST', '/accounts', { body: { ...accountBody(o), platform: o.platform, ...defined({ status: o.status }) } });
    process.stdout.write(`added ${account.id}\n`);
  });
accounts
  .command('list')
  .addOption(new Option('--platform <platform>').choices([...platforms]))
  .option('--team <team>')
  .addOption(new Option('--status <status>').choices([...accountStatuses]))
  .addOption(new Option('--risk <tier>').choices([...riskTiers]))
  .addOption(json)
  .action(async (o) => {
    const items = await all('/accounts', { platform: o.platform, team: o.team, status: o.status, riskTier: o.risk });
    emit(o.json, items, () => printTable(items, ['id', 'platform', 'handle', 'team', 'riskTier', 'status', 'ownerId', 'backupOwnerId']));
  });
showCommand(accounts, '/accounts');
accountFields(accounts.command('update <id>'), false)
  .addOption(new Option('--status <status>').choices(['active', 'suspended']))
  .action(async (id: string, o) => {
    const current = await api().call('GET', `/accounts/${encodeURIComponent(id)}`);
    const account = await api().call('PATCH', `/accounts/${encodeURIComponent(id)}`, { body: { ...accountBody(o), ...defined({ status: o.status }) }, ifMatch: current.version });
    process.stdout.write(`updated ${account.id} (version ${account.version})\n`);
  });
accounts
  .command('retire <id>')
  .requiredOption('--reason <text>')
  .action(async (id: string, o) => {
    const current = await api().call('GET', `/accounts/${encodeURIComponent(id)}`);
    await api().call('POST', `/accounts/${encodeURIComponent(id)}/retire`, { body: { reason: o.reason }, ifMatch: current.version });
    process.stdout.write(`retired ${id}; its grants are revoked\n`);
  });

accountFields(accounts.command('request').description('propose a new official account; the governance stages decide').addOption(new Option('--platform <platform>').choices([...platforms]).makeOptionMandatory()), true)
  .requiredOption('--reason <text>', 'why the company needs this channel')
  .action(async (o) => {
    const request = await api().call('POST', '/account-requests', { body: { account: { ...accountBody(o), platform: o.platform }, reason: o.reason } });
    printRequested(request);
  });

// Access requests and approvals -------------------------------------------------------------------------
const printRequested = (request: { id: string; stages: { name: string; approvers: string[] }[] }) =>
  process.stdout.write(`requested ${request.id}; approval stages: ${request.stages.map((s) => `${s.name} (${s.approvers.join(', ')})`).join(' → ')}\nFollow it with: govern approvals show ${request.id}\n`);

program
  .command('access')
  .description('ask for access to an account')
  .command('request')
  .description('ask for a role on an account; its approvers are emailed a link')
  .requiredOption('--account <id>')
  .addOption(new Option('--role <role>').choices([...grantRoles]).makeOptionMandatory())
  .option('--credential', 'ask to know the shared login as well')
  .requiredOption('--reason <text>')
  .option('--days <n>', 'how long the access should last (capped by the rules for the account risk tier)')
  .action(async (o) => {
    const request = await api().call('POST', '/access-requests', {
      body: defined({ accountId: o.account, role: o.role, credentialAccess: Boolean(o.credential), reason: o.reason, durationDays: o.days === undefined ? undefined : Number(o.days) }),
    });
    printRequested(request);
  });

const approvals = program.command('approvals').description('requests going through approval');
approvals
  .command('list')
  .option('--mine', 'what I asked for and what waits for my decision')
  .addOption(new Option('--status <status>').choices(['pending', 'approved', 'rejected', 'expired', 'withdrawn']))
  .addOption(json)
  .action(async (o) => {
    const columns = ['id', 'kind', 'status', 'requesterId', 'riskTier', 'stage', 'createdAt'];
    const row = (r: any) => ({ ...r, stage: r.status === 'pending' ? r.stages[r.currentStage]?.name : '' });
    if (!o.mine) {
      const items = await all('/approvals', { status: o.status });
      return emit(o.json, items, () => printTable(items.map(row), columns));
    }
    const page = await api().call('GET', '/approvals', { query: { mine: 'true', status: o.status, limit: '100' } });
    emit(o.json, page, () => {
      process.stdout.write('Waiting for my decision:\n');
      printTable(page.awaitingMe.map(row), columns);
      process.stdout.write('\nAsked by me:\n');
      printTable(page.items.map(row), columns);
    });
  });
approvals
  .command('show <id>')
  .addOption(json)
  .action(async (id: string, o) => {
    const request = await api().call('GET', `/approvals/${encodeURIComponent(id)}`);
    emit(o.json, request, () => {
      printRecord({ id: request.id, kind: request.kind, status: request.status, requester: request.requesterId, riskTier: request.riskTier, reason: request.reason, subject: request.subject, ...(request.outcome ? { outcome: request.outcome } : {}) });
      process.stdout.write('\nStages:\n');
      printTable(
        request.stages.map((s: any) => ({ stage: `${s.index + 1}. ${s.name}`, mode: s.mode, status: s.status, approvers: s.approvers, deadline: s.deadlineAt ?? '', decisions: s.decisions.map((d: any) => `${d.approverId}: ${d.decision}${d.comment ? ` (${d.comment})` : ''}`).join('; ') })),
        ['stage', 'mode', 'status', 'approvers', 'deadline', 'decisions'],
      );
      process.stdout.write('\nTimeline:\n');
      printTable(request.timeline, ['at', 'action', 'actor', 'reason']);
    });
  });
approvals
  .command('withdraw <id>')
  .requiredOption('--reason <text>')
  .action(async (id: string, o) => {
    const request = await api().call('POST', `/approvals/${encodeURIComponent(id)}/withdraw`, { body: { reason: o.reason } });
    process.stdout.write(`withdrew ${request.id}; its approvers' links no longer work\n`);
  });
approvals
  .command('successor')
  .description('ask a successor to accept accounts handed over to them (HR, governance)')
  .requiredOption('--to <person>', 'the successor')
  .requiredOption('--accounts <ids>', 'comma-separated account ids')
  .option('--from <person>', 'the person handing them over')
  .requiredOption('--reason <text>')
  .action(async (o) => {
    const request = await api().call('POST', '/successor-requests', { body: defined({ successorId: o.to, accountIds: list(o.accounts), departingPersonId: o.from, reason: o.reason }) });
    printRequested(request);
  });

// Departures --------------------------------------------------------------------------------------------
const printCase = (c: any) => {
  printRecord({ case: c.id, person: c.personId, status: c.status, effectiveAt: c.effectiveAt, requestedBy: c.requestedBy, ...(c.successorId ? { successor: c.successorId } : {}), revokedAt: c.revokedAt ?? '', rotatedAt: c.rotatedAt ?? '', reportedAt: c.reportedAt ?? '', closedAt: c.closedAt ?? '' });
  process.stdout.write('\nAccounts:\n');
  printTable(
    Object.values(c.accounts as Record<string, any>).map((a) => ({
      account: a.accountId,
      relations: a.relations,
      revoked: a.revoked ? `${a.revoked.grantIds.length} grant(s)` : '',
      login: a.rotation ? `${a.rotation.status}${a.rotation.detail ? `: ${a.rotation.detail}` : ''}` : '',
      ownership: a.transfer ? `${a.transfer.status}${a.transfer.to ? ` → ${a.transfer.to}` : ''}${a.transfer.approvalId ? ` (${a.transfer.approvalId})` : ''}` : '',
      controls: (a.controls ?? []).map((t: any) => `${t.kind} → ${t.assignedTo} (${t.status})`),
    })),
    ['account', 'relations', 'revoked', 'login', 'ownership', 'controls'],
  );
};

program
  .command('depart <person>')
  .description('HR: start the offboarding handover of a person (revoke, rotate what they knew, hand ownership on)')
  .option('--successor <person>', 'who takes over what they own (default: backup owner, then manager, then governance)')
  .option('--effective <time>', 'when they stop acting for the company (ISO 8601; default now)')
  .action(async (person: string, o) => {
    const departure = await api().call('POST', '/departures', { body: defined({ personId: person, successorId: o.successor, effectiveAt: o.effective }) });
    process.stdout.write(`departure case ${departure.id} (${departure.status}); follow it with: govern departures show ${departure.id}\n`);
  });
const departures = program.command('departures').description('offboarding cases');
departures
  .command('list')
  .addOption(json)
  .action(async (o) => {
    const items = await all('/departures', {});
    emit(o.json, items, () => printTable(items, ['id', 'personId', 'status', 'effectiveAt', 'revokedAt', 'closedAt']));
  });
showCommand(departures, '/departures', printCase);
departures
  .command('confirm-control <case>')
  .description("confirm a platform-side control (admin, recovery, 2FA) has been moved off the leaver")
  .requiredOption('--account <id>')
  .addOption(new Option('--kind <kind>').choices([...controlKinds]).makeOptionMandatory())
  .action(async (id: string, o) => {
    await api().call('POST', `/departures/${encodeURIComponent(id)}/controls/confirm`, { body: { accountId: o.account, kind: o.kind } });
    process.stdout.write(`confirmed ${o.kind} of ${o.account}\n`);
  });

// Grants ------------------------------------------------------------------------------------------------
const grants = program.command('grants').description('access lists');
grants
  .command('list <account>')
  .option('--all', 'include revoked grants')
  .addOption(json)
  .action(async (account: string, o) => {
    const { items } = await api().call('GET', `/accounts/${encodeURIComponent(account)}/grants`);
    const shown = o.all ? items : items.filter((g: { status: string }) => g.status === 'active');
    emit(o.json, shown, () => printTable(shown, ['id', 'personId', 'role', 'credentialAccess', 'status', 'expiresAt', 'grantedBy']));
  });
grants
  .command('add <account>')
  .requiredOption('--person <id>')
  .addOption(new Option('--role <role>').choices(['owner', 'admin', 'publisher', 'viewer']).makeOptionMandatory())
  .option('--credential', 'may know or reveal the shared login')
  .option('--expires <iso-time>')
  .requiredOption('--reason <text>')
  .action(async (account: string, o) => {
    const grant = await api().call('POST', `/accounts/${encodeURIComponent(account)}/grants`, {
      body: defined({ personId: o.person, role: o.role, credentialAccess: Boolean(o.credential), expiresAt: o.expires, reason: o.reason }),
    });
    process.stdout.write(`granted ${grant.id}\n`);
  });
grants
  .command('revoke <account> <grant>')
  .requiredOption('--reason <text>')
  .action(async (account: string, grant: string, o) => {
    await api().call('POST', `/accounts/${encodeURIComponent(account)}/grants/${encodeURIComponent(grant)}/revoke`, { body: { reason: o.reason } });
    process.stdout.write(`revoked ${grant}\n`);
  });

// Shared logins -----------------------------------------------------------------------------------------
const secrets = program.command('secrets').description("accounts' shared logins");
secrets
  .command('set <account>')
  .requiredOption('--username <name>')
  .option('--password-stdin', 'read the password from standard input (keeps it out of shell history)')
  .option('--password-env <variable>', 'read the password from this environment variable')
  .option('--totp-seed-env <variable>', 'read a TOTP seed (base32) from this environment variable')
  .action(async (account: string, o) => {
    const password = o.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : o.passwordEnv ? process.env[o.passwordEnv] : undefined;
    if (!password) throw new CliError('give the password with --password-stdin or --password-env VAR (never on the command line)');
    const totpSeed = o.totpSeedEnv ? process.env[o.totpSeedEnv] : undefined;
    const result = await api().call('PUT', `/accounts/${encodeURIComponent(account)}/credential`, { body: defined({ username: o.username, password, totpSeed }) });
    process.stdout.write(`stored the login of ${account} (secret version ${result.credential.versionId})\n`);
  });
secrets
  .command('reveal <account>')
  .description('show the login (audited with your reason, and remembered as an exposure for offboarding)')
  .requiredOption('--reason <why>', 'why you need the login (goes into the audit trail)')
  .addOption(json)
  .action(async (account: string, o) => {
    const value = await api().call('POST', `/accounts/${encodeURIComponent(account)}/credential/reveal`, { body: { reason: o.reason } });
    emit(o.json, value, () => printRecord(value));
  });

// Policies ----------------------------------------------------------------------------------------------
const policies = program.command('policies').description('policies and brand guidelines');
policies
  .command('add')
  .requiredOption('--id <id>')
  .requiredOption('--title <title>')
  .addOption(new Option('--kind <kind>').choices(['policy', 'guideline']).default('policy'))
  .requiredOption('--doc-version <version>')
  .requiredOption('--url <url>')
  .requiredOption('--cadence <cadence>', `${reviewCadences.join(', ')}, or a cron expression: "cron(0 9 1 1,7 ? *)"`)
  .requiredOption('--owner <person>')
  .option('--reviewers <list>', 'people asked for comments when it is reviewed')
  .requiredOption('--next-review <date>')
  .option('--covers-all')
  .option('--platforms <list>')
  .option('--teams <list>')
  .action(async (o) => {
    const policy = await api().call('POST', '/policies', {
      body: {
        id: o.id,
        title: o.title,
        kind: o.kind,
        documentVersion: o.docVersion,
        documentUrl: o.url,
        reviewCadence: o.cadence,
        ownerId: o.owner,
        reviewerIds: o.reviewers ? list(o.reviewers) : [],
        nextReviewAt: o.nextReview,
        covers: { all: Boolean(o.coversAll), platforms: o.platforms ? list(o.platforms) : [], teams: o.teams ? list(o.teams) : [], accountIds: [] },
      },
    });
    process.stdout.write(`added ${policy.id}\n`);
  });
policies
  .command('list')
  .addOption(json)
  .action(async (o) => {
    const items = await all('/policies', {});
    emit(o.json, items, () => printTable(items, ['id', 'kind', 'title', 'documentVersion', 'reviewCadence', 'ownerId', 'nextReviewAt']));
  });
showCommand(policies, '/policies');

// Reviews -----------------------------------------------------------------------------------------------
const printReviews = (items: any[]) =>
  printTable(
    items.map((r) => ({ id: r.id, kind: r.kind, subject: `${r.subjectType} ${r.subjectId}`, assignee: r.assigneeId, status: r.status, dueAt: r.dueAt, escalated: r.escalatedAt ? 'yes' : '', outcome: r.outcome ?? '' })),
    ['id', 'kind', 'subject', 'assignee', 'status', 'dueAt', 'escalated', 'outcome'],
  );
const printFindings = (items: any[]) => printTable(items, ['accountId', 'code', 'detail', 'status', 'openedAt']);
const reviews = program.command('reviews').description('scheduled governance reviews (cadences: config/review-cadences.ts)');
reviews
  .command('run [kinds...]')
  .description(`run the reviews now, as the daily schedule does (kinds: ${sweepKinds.join(', ')}; default all), and show what is open`)
  .option('--no-wait', 'return once the run has started')
  .addOption(json)
  .action(async (kinds: string[], o) => {
    const unknown = kinds.filter((k) => !(sweepKinds as readonly string[]).includes(k));
    if (unknown.length) throw new CliError(`unknown kind(s): ${unknown.join(', ')} (kinds: ${sweepKinds.join(', ')})`);
    const run = await api().call('POST', '/review-runs', { body: kinds.length ? { kinds } : {} });
    if (!o.wait) return emit(o.json, run, () => process.stdout.write(`review run ${run.runId} started; follow it with: govern reviews run-status ${run.runId}\n`));
    let status = await api().call('GET', `/review-runs/${run.runId}`);
    for (const giveUpAt = Date.now() + 15 * 60_000; status.status === 'RUNNING' && Date.now() < giveUpAt; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await api().call('GET', `/review-runs/${run.runId}`);
    }
    const open = await all('/reviews', { status: 'open' });
    const findings = await all('/findings', { status: 'open' });
    emit(o.json, { run: status, openReviews: open, openFindings: findings }, () => {
      process.stdout.write(`review run ${run.runId}: ${status.status} (${status.startedAt} → ${status.stoppedAt ?? '…'})\n\nOpen reviews (${open.length}):\n`);
      printReviews(open);
      process.stdout.write(`\nOpen single points of failure (${findings.length}):\n`);
      printFindings(findings);
    });
    if (status.status !== 'SUCCEEDED') process.exitCode = 1;
  });
reviews
  .command('run-status <runId>')
  .addOption(json)
  .action(async (runId: string, o) => {
    const status = await api().call('GET', `/review-runs/${encodeURIComponent(runId)}`);
    emit(o.json, status, () => printRecord(status));
  });
reviews
  .command('list')
  .option('--status <status>', 'open or completed (default: all)')
  .option('--mine', 'the open reviews waiting for me (assigned or escalated to me)')
  .addOption(json)
  .action(async (o) => {
    const items = await all('/reviews', o.mine ? { mine: 'true' } : { status: o.status });
    emit(o.json, items, () => printReviews(items));
  });
showCommand(reviews, '/reviews');
reviews
  .command('comment <id>')
  .description('comment on a policy under review (until its deadline)')
  .requiredOption('--text <text>')
  .action(async (id: string, o) => {
    await api().call('POST', `/reviews/${encodeURIComponent(id)}/comments`, { body: { text: o.text } });
    process.stdout.write(`comment recorded on ${id}\n`);
  });
program
  .command('findings')
  .description('single points of failure: what could lock the company out of an account')
  .option('--resolved', 'the resolved ones instead of the open ones')
  .option('--account <id>', "one account's (its owners may read them too)")
  .addOption(new Option('--code <code>', 'one kind').choices([...findingCodes]))
  .addOption(json)
  .action(async (o) => {
    const items = await all('/findings', { status: o.resolved ? 'resolved' : 'open', accountId: o.account, code: o.code });
    emit(o.json, items, () => printFindings(items));
  });
program
  .command('kpis')
  .description('governance KPIs: ownership, reviews on time, departures, login age, training, single points of failure (as the last review run computed them)')
  .option('--fresh', 'compute them now (reads the whole registry)')
  .addOption(json)
  .action(async (o) => {
    const kpis = await api().call('GET', '/kpis', { query: o.fresh ? { fresh: 'true' } : {} });
    emit(o.json, kpis, () => printRecord(Object.fromEntries([['as of', kpis.asOf], ...kpiLines(kpis)])));
  });

// Audit -------------------------------------------------------------------------------------------------
const audit = program.command('audit').description('the hash-chained audit trail');
audit
  .command('list')
  .option('--limit <n>', 'most recent n events', '50')
  .addOption(json)
  .action(async (o) => {
    const items = await all('/audit', {});
    const recent = items.slice(-Number(o.limit));
    emit(o.json, recent, () => printTable(recent, ['seq', 'at', 'actor', 'action', 'entityType', 'entityId', 'reason']));
  });
audit
  .command('verify')
  .addOption(json)
  .action(async (o) => {
    // A long trail is checked over several calls, each carrying on where the last stopped.
    let verdict = await api().call('GET', '/audit/verify');
    while (verdict.ok && verdict.next) verdict = await api().call('GET', '/audit/verify', { query: { cursor: verdict.next } });
    if (o.json) printJson(verdict);
    else if (verdict.ok) process.stdout.write(`audit trail intact: ${verdict.events} events, chain head at ${verdict.headSeq}\n`);
    else process.stdout.write(`AUDIT TRAIL BROKEN at record ${verdict.firstBadSeq} (${verdict.problem}): ${verdict.detail}\n`);
    if (!verdict.ok) process.exitCode = 3;
  });

// Demo --------------------------------------------------------------------------------------------------
program
  .command('demo')
  .description('sample data')
  .command('seed')
  .description('load a sample organisation: about 40 people, 25 accounts on 8 platforms, grants, policies and a few problems')
  .action(async () => {
    // Against the local cloud, the demo's logins also go to its simulated platform (so `govern depart` can rotate them).
    const summary = await seedDemo(api(), program.opts<{ api?: string }>().api ? undefined : simulatedPlatform(localCloud().platformUrl));
    process.stdout.write(`${summary}\n`);
  });

/** Follows `next` tokens to the end of a list. */
async function all(path: string, query: Record<string, string | undefined>) {
  const items: any[] = [];
  let next: string | undefined;
  do {
    const page = await api().call('GET', path, { query: { ...query, limit: '100', next } });
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}

// `govern ... | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`govern: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
