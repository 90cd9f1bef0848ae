import { Option, type Command } from 'commander';
import { roles } from '../../core/auth.ts';
import { printJson, printRecord } from '../format.ts';
import { request } from '../http.ts';
import { CliError, localCloud, saveSession } from '../session.ts';
import { json, type CliContext } from './shared.ts';

/** `govern login` and `govern whoami`: the session, and who it says you are. */
export function addLoginCommands(program: Command, cli: CliContext): void {
  program
    .command('login')
    .description('sign in: locally as any person and roles (development issuer), or with a token from your identity provider')
    .option('--as <person>', 'person id to act as (local development issuer)')
    .addOption(new Option('--role <roles...>', 'roles to hold').choices([...roles]))
    .option('--token <jwt>', 'a bearer token issued by your identity provider (with --api)')
    .action(async (options: { as?: string; role?: string[]; token?: string }) => {
      const apiUrl = cli.apiUrl();
      if (options.token) {
        if (!apiUrl) throw new CliError('--token needs --api <url>');
        saveSession(cli.dataDir(), { apiUrl, token: options.token });
        process.stdout.write(`signed in to ${apiUrl}\n`);
        return;
      }
      if (!options.as || !options.role?.length) throw new CliError('give --as <person> and --role <role...> (or --token with --api)');
      const cloud = localCloud(cli.dataDir());
      const response = await request(`${cloud.awsEndpoint}/_steward/dev-token`, { method: 'POST', body: JSON.stringify({ personId: options.as, roles: options.role }) });
      const minted = JSON.parse(response.text) as { token?: string; expiresAt?: string; message?: string };
      if (!response.ok || !minted.token) throw new CliError(minted.message ?? 'the development issuer refused');
      saveSession(cli.dataDir(), { apiUrl: apiUrl ?? cloud.apiUrl, token: minted.token, personId: options.as, roles: options.role, expiresAt: minted.expiresAt });
      process.stdout.write(`signed in as ${options.as} (${options.role.join(', ')}) until ${minted.expiresAt}\n`);
    });

  program
    .command('whoami')
    .addOption(json)
    .action(async (options: { json?: boolean }) => {
      const me = await cli.api().call('GET', '/me');
      if (options.json) return printJson(me);
      printRecord({ person: me.principal.personId, roles: me.principal.roles, name: me.person?.name ?? '(not in the registry)', owns: me.footprint.owned, backs: me.footprint.backup, granted: me.footprint.granted.map((g: { accountId: string; role: string }) => `${g.accountId} (${g.role})`) });
    });
}
