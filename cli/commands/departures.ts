import { Option, type Command } from 'commander';
import { controlKinds } from '../../core/handover/model.ts';
import { printRecord, printTable } from '../format.ts';
import { all, defined, emit, json, showCommand, type CliContext } from './shared.ts';

/** A departure case: its progress, then each account's revocation, rotation, ownership and platform controls. */
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

/** `govern depart` and `govern departures`: offboarding. */
export function addDepartureCommands(program: Command, cli: CliContext): void {
  program
    .command('depart <person>')
    .description('HR: start the offboarding handover of a person (revoke, rotate what they knew, hand ownership on)')
    .option('--successor <person>', 'who takes over what they own (default: backup owner, then manager, then governance)')
    .option('--effective <time>', 'when they stop acting for the company (ISO 8601; default now)')
    .action(async (person: string, o) => {
      const departure = await cli.api().call('POST', '/departures', { body: defined({ personId: person, successorId: o.successor, effectiveAt: o.effective }) });
      process.stdout.write(`departure case ${departure.id} (${departure.status}); follow it with: govern departures show ${departure.id}\n`);
    });
  const departures = program.command('departures').description('offboarding cases');
  departures
    .command('list')
    .addOption(json)
    .action(async (o) => {
      const items = await all(cli, '/departures', {});
      emit(o.json, items, () => printTable(items, ['id', 'personId', 'status', 'effectiveAt', 'revokedAt', 'closedAt']));
    });
  showCommand(departures, cli, '/departures', printCase);
  departures
    .command('confirm-control <case>')
    .description("confirm a platform-side control (admin, recovery, 2FA) has been moved off the leaver")
    .requiredOption('--account <id>')
    .addOption(new Option('--kind <kind>').choices([...controlKinds]).makeOptionMandatory())
    .action(async (id: string, o) => {
      await cli.api().call('POST', `/departures/${encodeURIComponent(id)}/controls/confirm`, { body: { accountId: o.account, kind: o.kind } });
      process.stdout.write(`confirmed ${o.kind} of ${o.account}\n`);
    });
}
