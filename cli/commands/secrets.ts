import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord } from '../format.ts';
import { CliError } from '../session.ts';
import { defined, emit, json, type CliContext } from './shared.ts';

/** `govern secrets`: accounts' shared logins, never taken as an argument. */
export function addSecretCommands(program: Command, cli: CliContext): void {
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
      const result = await cli.api().call('PUT', `/accounts/${encodeURIComponent(account)}/credential`, { body: defined({ username: o.username, password, totpSeed }) });
      process.stdout.write(`stored the login of ${account} (secret version ${result.credential.versionId})\n`);
    });
  secrets
    .command('reveal <account>')
    .description('show the login (audited with your reason, and remembered as an exposure for offboarding)')
    .requiredOption('--reason <why>', 'why you need the login (goes into the audit trail)')
    .addOption(json)
    .action(async (account: string, o) => {
      const value = await cli.api().call('POST', `/accounts/${encodeURIComponent(account)}/credential/reveal`, { body: { reason: o.reason } });
      emit(o.json, value, () => printRecord(value));
    });
}
