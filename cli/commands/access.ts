import { Option, type Command } from 'commander';
import { grantRoles } from '../../core/registry/model.ts';
import { defined, printRequested, type CliContext } from './shared.ts';

/** `govern access request`: ask for a role on an account. */
export function addAccessCommands(program: Command, cli: CliContext): void {
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
      const request = await cli.api().call('POST', '/access-requests', {
        body: defined({ accountId: o.account, role: o.role, credentialAccess: Boolean(o.credential), reason: o.reason, durationDays: o.days === undefined ? undefined : Number(o.days) }),
      });
      printRequested(request);
    });
}
