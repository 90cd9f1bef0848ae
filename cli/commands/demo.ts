import type { Command } from 'commander';
import { seedDemo, simulatedPlatform } from '../demo.ts';
import { localCloud } from '../session.ts';
import type { CliContext } from './shared.ts';

/** `govern demo seed`: the sample organisation. */
export function addDemoCommands(program: Command, cli: CliContext): void {
  program
    .command('demo')
    .description('sample data')
    .command('seed')
    .description('load a sample organisation: about 40 people, 25 accounts on 8 platforms, grants, policies and a few problems')
    .action(async () => {
      // Against the local cloud, the demo's logins also go to its simulated platform (so `govern depart` can rotate them).
      const summary = await seedDemo(cli.api(), cli.apiUrl() ? undefined : simulatedPlatform(localCloud(cli.dataDir()).platformUrl));
      process.stdout.write(`${summary}\n`);
    });
}
