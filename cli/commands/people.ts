import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { personStatuses } from '../../core/registry/model.ts';
import { peopleRowsFromCsv } from '../../core/registry/people-csv.ts';
import { printJson, printRecord, printTable } from '../format.ts';
import { all, defined, emit, json, type CliContext } from './shared.ts';

/** `govern people`: staff, as synced from HR. */
export function addPeopleCommands(program: Command, cli: CliContext): void {
  const people = program.command('people').description('staff, as synced from HR');
  people
    .command('add')
    .requiredOption('--id <id>')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--team <team>')
    .option('--manager <id>')
    .option('--training-completed <date>', 'YYYY-MM-DD')
    .option('--training-expires <date>', 'YYYY-MM-DD')
    .action(async (o) => {
      const person = await cli.api().call('POST', '/people', {
        body: defined({ id: o.id, email: o.email, name: o.name, team: o.team, managerId: o.manager, trainingCompletedAt: o.trainingCompleted, trainingExpiresAt: o.trainingExpires }),
      });
      process.stdout.write(`added ${person.id}\n`);
    });
  people
    .command('import <csv>')
    .description('create or update people from a CSV with columns id,email,name,team[,managerId,trainingCompletedAt,trainingExpiresAt]')
    .addOption(json)
    .action(async (file: string, o: { json?: boolean }) => {
      const result = await cli.api().call('POST', '/people/import', { body: { people: peopleRowsFromCsv(readFileSync(file, 'utf8')) } });
      if (o.json) return printJson(result);
      printTable(result.results.filter((r: { outcome: string }) => r.outcome === 'failed'), ['row', 'id', 'error']);
      process.stdout.write(`${Object.entries(result.summary).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
    });
  people
    .command('list')
    .option('--team <team>')
    .addOption(new Option('--status <status>').choices([...personStatuses]))
    .addOption(json)
    .action(async (o) => {
      const items = await all(cli, '/people', { team: o.team, status: o.status });
      emit(o.json, items, () => printTable(items, ['id', 'name', 'email', 'team', 'status', 'managerId', 'trainingExpiresAt']));
    });
  people
    .command('show <id>')
    .addOption(json)
    .action(async (id: string, o) => {
      const [person, footprint] = await Promise.all([cli.api().call('GET', `/people/${encodeURIComponent(id)}`), cli.api().call('GET', `/people/${encodeURIComponent(id)}/accounts`)]);
      if (o.json) return printJson({ ...person, footprint });
      printRecord({ ...person, owns: footprint.owned, backs: footprint.backup, grants: footprint.granted.map((g: { accountId: string; role: string }) => `${g.accountId}:${g.role}`), knowsLogins: footprint.credentialKnown });
    });
  people
    .command('update <id>')
    .option('--email <email>')
    .option('--name <name>')
    .option('--team <team>')
    .option('--manager <id>')
    .addOption(new Option('--status <status>').choices([...personStatuses]))
    .option('--training-completed <date>')
    .option('--training-expires <date>')
    .action(async (id: string, o) => {
      const current = await cli.api().call('GET', `/people/${encodeURIComponent(id)}`);
      const body = defined({ email: o.email, name: o.name, team: o.team, managerId: o.manager, status: o.status, trainingCompletedAt: o.trainingCompleted, trainingExpiresAt: o.trainingExpires });
      const person = await cli.api().call('PATCH', `/people/${encodeURIComponent(id)}`, { body, ifMatch: current.version });
      process.stdout.write(`updated ${person.id} (version ${person.version})\n`);
    });
}
