import { Option, type Command } from 'commander';
import { printRecord, printTable } from '../format.ts';
import { all, defined, emit, json, list, printRequested, type CliContext } from './shared.ts';

/** `govern approvals`: requests going through approval. */
export function addApprovalCommands(program: Command, cli: CliContext): void {
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
        const items = await all(cli, '/approvals', { status: o.status });
        return emit(o.json, items, () => printTable(items.map(row), columns));
      }
      const page = await cli.api().call('GET', '/approvals', { query: { mine: 'true', status: o.status, limit: '100' } });
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
      const request = await cli.api().call('GET', `/approvals/${encodeURIComponent(id)}`);
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
      const request = await cli.api().call('POST', `/approvals/${encodeURIComponent(id)}/withdraw`, { body: { reason: o.reason } });
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
      const request = await cli.api().call('POST', '/successor-requests', { body: defined({ successorId: o.to, accountIds: list(o.accounts), departingPersonId: o.from, reason: o.reason }) });
      printRequested(request);
    });
}
