import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsClients, callerIdentity, requireCredentials, requireRegion, stackTarget } from './smoke/aws.ts';
import { runChecks, smokeChecks } from './smoke/checks.ts';
import { exitCodeOf, formatResult, parseSmokeArgs, SmokeRefusal, type SmokeTarget } from './smoke/model.ts';

/**
 * `npm run smoke -- --stack Steward-prod [--region eu-west-1]`: checks a deployed stack with the caller's own
 * AWS credentials (the SDK's default chain). It says which account, region and stack it will touch before it
 * touches them, prints one line per check, and exits 0 (all passed), 1 (a check failed) or 2 (refused: bad
 * arguments, no credentials, no region, or credentials AWS does not accept; nothing was touched).
 */
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const options = parseSmokeArgs(argv);
  // Credentials first: with none there is nothing to ask, and their absence is the likelier mistake.
  const probe = awsClients(options.region).sts;
  await requireCredentials(probe);
  const region = await requireRegion(probe, options.region);
  const { sts, cloudFormation } = awsClients(region);
  const { account, arn } = await callerIdentity(sts);

  print(`Steward smoke test: stack ${options.stack}, account ${account}, region ${region}`);
  print(`  as ${arn}`);
  print('  It reads the stack and its resources, calls the public API without credentials, and starts one canary run,');
  print('  which writes its run record to the registry table as the daily canary does.');
  // An endpoint override left over from the local cloud would send the checks somewhere else than the banner says.
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('AWS_ENDPOINT_URL') && value) print(`  ${name} is set: those calls go to ${value}`);

  const outputs = `stack ${options.stack} has the outputs the checks need`;
  let target: SmokeTarget;
  try {
    target = await stackTarget(cloudFormation, options.stack, region);
  } catch (error) {
    print(formatResult({ name: outputs, ok: false, detail: error instanceof Error ? error.message : String(error) }));
    return 1;
  }
  const stackResult = { name: outputs, ok: true, detail: target.apiUrl };
  print(formatResult(stackResult));

  const clients = { sfn: new SFNClient({ region }), dynamodb: new DynamoDBClient({ region }) };
  const checks = smokeChecks(target, clients, { canaryTimeoutMs: options.canaryTimeoutSeconds * 1000 });
  const results = [stackResult, ...(await runChecks(checks, (result) => print(formatResult(result))))];
  const failed = results.filter((r) => !r.ok).length;
  print(failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks FAILED`);
  return exitCodeOf(results);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof SmokeRefusal)) throw error;
  console.error(`smoke: refused: ${error.message}`);
  process.exitCode = error.exitCode;
}
