import type { Command } from 'commander';
import { printJson, printTable } from '../format.ts';
import { all, emit, json, type CliContext } from './shared.ts';

/** `govern audit`: the hash-chained audit trail. */
export function addAuditCommands(program: Command, cli: CliContext): void {
  const audit = program.command('audit').description('the hash-chained audit trail');
  audit
    .command('list')
    .option('--limit <n>', 'most recent n events', '50')
    .addOption(json)
    .action(async (o) => {
      const items = await all(cli, '/audit', {});
      const recent = items.slice(-Number(o.limit));
      emit(o.json, recent, () => printTable(recent, ['seq', 'at', 'actor', 'action', 'entityType', 'entityId', 'reason']));
    });
  audit
    .command('verify')
    .addOption(json)
    .action(async (o) => {
      // A long trail is checked over several calls, each carrying on where the last stopped.
      let verdict = await cli.api().call('GET', '/audit/verify');
      while (verdict.ok && verdict.next) verdict = await cli.api().call('GET', '/audit/verify', { query: { cursor: verdict.next } });
      if (o.json) printJson(verdict);
      else if (verdict.ok) {
        process.stdout.write(`audit trail intact: ${verdict.events} events in ${verdict.chains} chains\n`);
        const sealed = verdict.sealed;
        if (sealed) process.stdout.write(`sealed: ${sealed.logSize} events in ${sealed.checkpoints} signed checkpoints${sealed.lastCheckpointAt ? `, the last at ${sealed.lastCheckpointAt}` : ''}; ${sealed.unsealed} not yet in a checkpoint\n`);
      }
      else process.stdout.write(`AUDIT TRAIL BROKEN in ${verdict.chain} at record ${verdict.firstBadSeq} (${verdict.problem}): ${verdict.detail}\n`);
      if (!verdict.ok) process.exitCode = 3;
    });
}
