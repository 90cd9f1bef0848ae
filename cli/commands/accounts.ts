import { Option, type Command } from 'commander';
import { accountStatuses, platforms, riskTiers } from '../../core/registry/model.ts';
import { printTable } from '../format.ts';
import { all, defined, emit, json, list, printRequested, showCommand, type CliContext } from './shared.ts';

/** The fields of `accounts add`, `accounts request` (all required) and `accounts update` (any). */
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

/** `govern accounts`: the official channels. */
export function addAccountCommands(program: Command, cli: CliContext): void {
  const accounts = program.command('accounts').description('the official channels');
  accountFields(accounts.command('add').addOption(new Option('--platform <platform>').choices([...platforms]).makeOptionMandatory()), true)
    .addOption(new Option('--status <status>').choices(['requested', 'active']))
    .action(async (o) => {
      const account = await cli.api().call('POST', '/accounts', { body: { ...accountBody(o), platform: o.platform, ...defined({ status: o.status }) } });
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
      const items = await all(cli, '/accounts', { platform: o.platform, team: o.team, status: o.status, riskTier: o.risk });
      emit(o.json, items, () => printTable(items, ['id', 'platform', 'handle', 'team', 'riskTier', 'status', 'ownerId', 'backupOwnerId']));
    });
  showCommand(accounts, cli, '/accounts');
  accountFields(accounts.command('update <id>'), false)
    .addOption(new Option('--status <status>').choices(['active', 'suspended']))
    .action(async (id: string, o) => {
      const current = await cli.api().call('GET', `/accounts/${encodeURIComponent(id)}`);
      const account = await cli.api().call('PATCH', `/accounts/${encodeURIComponent(id)}`, { body: { ...accountBody(o), ...defined({ status: o.status }) }, ifMatch: current.version });
      process.stdout.write(`updated ${account.id} (version ${account.version})\n`);
    });
  accounts
    .command('retire <id>')
    .requiredOption('--reason <text>')
    .action(async (id: string, o) => {
      const current = await cli.api().call('GET', `/accounts/${encodeURIComponent(id)}`);
      await cli.api().call('POST', `/accounts/${encodeURIComponent(id)}/retire`, { body: { reason: o.reason }, ifMatch: current.version });
      process.stdout.write(`retired ${id}; its grants are revoked\n`);
    });

  accountFields(accounts.command('request').description('propose a new official account; the governance stages decide').addOption(new Option('--platform <platform>').choices([...platforms]).makeOptionMandatory()), true)
    .requiredOption('--reason <text>', 'why the company needs this channel')
    .action(async (o) => {
      const request = await cli.api().call('POST', '/account-requests', { body: { account: { ...accountBody(o), platform: o.platform }, reason: o.reason } });
      printRequested(request);
    });
}
