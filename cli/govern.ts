import { Command, Option } from 'commander';
import { addAccessCommands } from './commands/access.ts';
import { addAccountCommands } from './commands/accounts.ts';
import { addApprovalCommands } from './commands/approvals.ts';
import { addAuditCommands } from './commands/audit.ts';
import { addDemoCommands } from './commands/demo.ts';
import { addDepartureCommands } from './commands/departures.ts';
import { addGrantCommands } from './commands/grants.ts';
import { addLoginCommands } from './commands/login.ts';
import { addPeopleCommands } from './commands/people.ts';
import { addPolicyCommands } from './commands/policies.ts';
import { addReviewCommands } from './commands/reviews.ts';
import { addSecretCommands } from './commands/secrets.ts';
import { cliContext } from './commands/shared.ts';
import { CliError } from './session.ts';

/**
 * `govern`: the registry from the terminal. Every command goes through the API (the local one by default),
 * so the CLI can do nothing the caller's token does not allow. One file per command group in `commands/`,
 * added in the order `govern --help` lists them.
 */
const program = new Command('govern')
  .description('Steward: social media governance from the terminal')
  .addOption(new Option('--api <url>', 'API base URL (default: the local cloud in .steward/local.json)'))
  .addOption(new Option('--data-dir <dir>', "the local cloud's data folder (default: STEWARD_DATA_DIR, else the cloud .steward/ holds or points to)"))
  .showHelpAfterError();

const cli = cliContext(program);
for (const addGroup of [addLoginCommands, addPeopleCommands, addAccountCommands, addAccessCommands, addApprovalCommands, addDepartureCommands, addGrantCommands, addSecretCommands, addPolicyCommands, addReviewCommands, addAuditCommands, addDemoCommands]) {
  addGroup(program, cli);
}

// `govern ... | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`govern: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
