import { Option, type Command } from 'commander';
import { printTable } from '../format.ts';
import { defined, emit, json, type CliContext } from './shared.ts';

/** `govern grants`: an account's access list. */
export function addGrantCommands(program: Command, cli: CliContext): void {
  const grants = program.command('grants').description('access lists');
  grants
    .command('list <account>')
    .option('--all', 'include revoked grants')
    .addOption(json)
    .action(async (account: string, o) => {
      const { items } = await cli.api().call('GET', `/accounts/${encodeURIComponent(account)}/grants`);
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
      const grant = await cli.api().call('POST', `/accounts/${encodeURIComponent(account)}/grants`, {
        body: defined({ personId: o.person, role: o.role, credentialAccess: Boolean(o.credential), expiresAt: o.expires, reason: o.reason }),
      });
      process.stdout.write(`granted ${grant.id}\n`);
    });
  grants
    .command('revoke <account> <grant>')
    .requiredOption('--reason <text>')
    .action(async (account: string, grant: string, o) => {
      await cli.api().call('POST', `/accounts/${encodeURIComponent(account)}/grants/${encodeURIComponent(grant)}/revoke`, { body: { reason: o.reason } });
      process.stdout.write(`revoked ${grant}\n`);
    });
}
