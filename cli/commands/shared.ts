import { Option, type Command } from 'commander';
import { allPages } from '../../core/paging.ts';
import { findDataDir } from '../../local/data-dir.ts';
import { apiClient, type ApiClient } from '../client.ts';
import { printJson, printRecord } from '../format.ts';

/**
 * What every command group is given. Read when a command runs, not when it is defined: the global options
 * (--api, --data-dir) are parsed by then. The client is made once per call, on first use.
 */
export interface CliContext {
  /** The API base URL given with --api, if any. */
  apiUrl(): string | undefined;
  /** The local cloud's data folder, where the session is kept: --data-dir, else found (local/data-dir.ts). */
  dataDir(): string;
  /** The API, with the session's token. */
  api(): ApiClient;
}

export function cliContext(program: Command): CliContext {
  const options = () => program.opts<{ api?: string; dataDir?: string }>();
  let dataDir: string | undefined;
  let client: ApiClient | undefined;
  const context: CliContext = {
    apiUrl: () => options().api,
    dataDir: () => (dataDir ??= findDataDir(options().dataDir)),
    api: () => (client ??= apiClient({ apiUrl: context.apiUrl(), dataDir: context.dataDir() })),
  };
  return context;
}

export const json = new Option('--json', 'print JSON instead of a table');

/** Prints JSON with --json, else the human form. */
export const emit = (asJson: boolean | undefined, value: unknown, human: () => void) => (asJson ? printJson(value) : human());

/** A comma-separated option's values. */
export const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

/** Drops unset options so the API sees only what was given. */
export const defined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

/** `<group> show <id>`: the record at `<path>/<id>`, printed by `print`, or as JSON with --json. */
export const showCommand = (group: Command, cli: CliContext, path: string, print: (value: any) => void = printRecord) =>
  group
    .command('show <id>')
    .addOption(json)
    .action(async (id: string, o) => {
      const value = await cli.api().call('GET', `${path}/${encodeURIComponent(id)}`);
      emit(o.json, value, () => print(value));
    });

/** Follows `next` tokens to the end of a list. */
export async function all(cli: CliContext, path: string, query: Record<string, string | undefined>) {
  return allPages<any>((page) => cli.api().call('GET', path, { query: { ...query, limit: String(page.limit), next: page.next } }));
}

/** What `access request`, `accounts request` and `approvals successor` answer: the request and its stages. */
export const printRequested = (request: { id: string; stages: { name: string; approvers: string[] }[] }) =>
  process.stdout.write(`requested ${request.id}; approval stages: ${request.stages.map((s) => `${s.name} (${s.approvers.join(', ')})`).join(' → ')}\nFollow it with: govern approvals show ${request.id}\n`);
