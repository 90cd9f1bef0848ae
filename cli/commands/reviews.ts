import { Option, type Command } from 'commander';
import { kpiLines } from '../../core/reviews/kpis.ts';
import { findingCodes, sweepKinds } from '../../core/reviews/model.ts';
import { printRecord, printTable } from '../format.ts';
import { CliError } from '../session.ts';
import { all, emit, json, showCommand, type CliContext } from './shared.ts';

const printReviews = (items: any[]) =>
  printTable(
    items.map((r) => ({ id: r.id, kind: r.kind, subject: `${r.subjectType} ${r.subjectId}`, assignee: r.assigneeId, status: r.status, dueAt: r.dueAt, escalated: r.escalatedAt ? 'yes' : '', outcome: r.outcome ?? '' })),
    ['id', 'kind', 'subject', 'assignee', 'status', 'dueAt', 'escalated', 'outcome'],
  );
const printFindings = (items: any[]) => printTable(items, ['accountId', 'code', 'detail', 'status', 'openedAt']);

/** `govern reviews`, `govern findings` and `govern kpis`: what the scheduled reviews ask and find. */
export function addReviewCommands(program: Command, cli: CliContext): void {
  const reviews = program.command('reviews').description('scheduled governance reviews (cadences: config/review-cadences.ts)');
  reviews
    .command('run [kinds...]')
    .description(`run the reviews now, as the daily schedule does (kinds: ${sweepKinds.join(', ')}; default all), and show what is open`)
    .option('--no-wait', 'return once the run has started')
    .addOption(json)
    .action(async (kinds: string[], o) => {
      const unknown = kinds.filter((k) => !(sweepKinds as readonly string[]).includes(k));
      if (unknown.length) throw new CliError(`unknown kind(s): ${unknown.join(', ')} (kinds: ${sweepKinds.join(', ')})`);
      const run = await cli.api().call('POST', '/review-runs', { body: kinds.length ? { kinds } : {} });
      if (!o.wait) return emit(o.json, run, () => process.stdout.write(`review run ${run.runId} started; follow it with: govern reviews run-status ${run.runId}\n`));
      let status = await cli.api().call('GET', `/review-runs/${run.runId}`);
      for (const giveUpAt = Date.now() + 15 * 60_000; status.status === 'RUNNING' && Date.now() < giveUpAt; ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = await cli.api().call('GET', `/review-runs/${run.runId}`);
      }
      const open = await all(cli, '/reviews', { status: 'open' });
      const findings = await all(cli, '/findings', { status: 'open' });
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
      const status = await cli.api().call('GET', `/review-runs/${encodeURIComponent(runId)}`);
      emit(o.json, status, () => printRecord(status));
    });
  reviews
    .command('list')
    .option('--status <status>', 'open or completed (default: all)')
    .option('--mine', 'the open reviews waiting for me (assigned or escalated to me)')
    .addOption(json)
    .action(async (o) => {
      const items = await all(cli, '/reviews', o.mine ? { mine: 'true' } : { status: o.status });
      emit(o.json, items, () => printReviews(items));
    });
  showCommand(reviews, cli, '/reviews');
  reviews
    .command('comment <id>')
    .description('comment on a policy under review (until its deadline)')
    .requiredOption('--text <text>')
    .action(async (id: string, o) => {
      await cli.api().call('POST', `/reviews/${encodeURIComponent(id)}/comments`, { body: { text: o.text } });
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
      const items = await all(cli, '/findings', { status: o.resolved ? 'resolved' : 'open', accountId: o.account, code: o.code });
      emit(o.json, items, () => printFindings(items));
    });
  program
    .command('kpis')
    .description('governance KPIs: ownership, reviews on time, departures, login age, training, single points of failure (as the last review run computed them)')
    .option('--fresh', 'compute them now (reads the whole registry)')
    .addOption(json)
    .action(async (o) => {
      const kpis = await cli.api().call('GET', '/kpis', { query: o.fresh ? { fresh: 'true' } : {} });
      emit(o.json, kpis, () => printRecord(Object.fromEntries([['as of', kpis.asOf], ...kpiLines(kpis)])));
    });
}
