import { Option, type Command } from 'commander';
import { reviewCadences } from '../../core/registry/model.ts';
import { printTable } from '../format.ts';
import { all, emit, json, list, showCommand, type CliContext } from './shared.ts';

/** `govern policies`: policies and brand guidelines, with their review dates. */
export function addPolicyCommands(program: Command, cli: CliContext): void {
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
      const policy = await cli.api().call('POST', '/policies', {
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
      const items = await all(cli, '/policies', {});
      emit(o.json, items, () => printTable(items, ['id', 'kind', 'title', 'documentVersion', 'reviewCadence', 'ownerId', 'nextReviewAt']));
    });
  showCommand(policies, cli, '/policies');
}
