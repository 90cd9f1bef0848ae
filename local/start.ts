import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JavaMissingError, startCloudDynamoDb } from './dynamodb-local.ts';
import { PortInUseError } from './http.ts';
import { defaultPorts, type LocalCloudPorts } from './ports.ts';
import { InvalidSesOptionError, sesAccountOptions, sesFlags, sesUsage } from './aws/ses/options.ts';
import { schedules } from '../declarations/schedules.ts';
import type { LocalCloudUrls } from './cloud.ts';
import { defaultDataDir, pointToDataDir } from './data-dir.ts';

/**
 * `npm start`: the local cloud in the foreground until Ctrl-C. Ports come from flags or STEWARD_PORT_*
 * variables, the data folder from --data-dir or STEWARD_DATA_DIR (default `.steward/`; a cloud on another folder
 * leaves a pointer to it there, for the CLI).
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'api-port': { type: 'string' },
    'aws-port': { type: 'string' },
    'dynamodb-port': { type: 'string' },
    'smtp-port': { type: 'string' },
    'inbox-port': { type: 'string' },
    'platform-port': { type: 'string' },
    'console-port': { type: 'string' },
    ...sesFlags,
    'deliver-twice': { type: 'boolean' },
    demo: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: npm start -- [--data-dir DIR] [--api-port N] [--aws-port N] [--dynamodb-port N] [--smtp-port N] [--inbox-port N] [--platform-port N] [--console-port N] [--deliver-twice] [--demo]\n' +
      'Environment: STEWARD_DATA_DIR, STEWARD_PORT_API, STEWARD_PORT_AWS, STEWARD_PORT_DYNAMODB, STEWARD_PORT_SMTP, STEWARD_PORT_INBOX, STEWARD_PORT_PLATFORM, STEWARD_PORT_CONSOLE, STEWARD_DELIVER_TWICE=1\n' +
      '  --deliver-twice   deliver every EventBridge event and schedule firing twice (at-least-once delivery, as on AWS)\n' +
      '  --demo            on an empty registry, load the demo organisation (npm start does; sign in as ada-lovelace)\n' +
      sesUsage,
  );
  process.exit(0);
}

function port(name: keyof LocalCloudPorts): number {
  const raw = values[`${name}-port`] ?? process.env[`STEWARD_PORT_${name.toUpperCase()}`];
  if (raw === undefined) return defaultPorts[name];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    process.stderr.write(`steward: ${name} port must be an integer between 1 and 65535, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

// On Node 20 the SDK warns, once in every function instance, that its releases after January 2027 need Node 22:
// README says it once (Node 22 or later recommended), and a screen of repeats would hide the banner.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dataDir = resolve(values['data-dir'] ?? process.env.STEWARD_DATA_DIR ?? defaultDataDir());
const log = (line: string) => process.stdout.write(`steward: ${line}\n`);

try {
  const ports = { api: port('api'), aws: port('aws'), dynamodb: port('dynamodb'), smtp: port('smtp'), inbox: port('inbox'), platform: port('platform'), console: port('console') };
  const ses = sesAccountOptions(values, process.env);
  // DynamoDB Local's JVM starts while the cloud's modules (the SDK, the engines) load.
  const dynamoDb = startCloudDynamoDb(dataDir);
  dynamoDb.catch(() => undefined); // thrown by startLocalCloud, which awaits it
  // The CLI's bundle is built beside the cloud's start, so `govern` in a second terminal answers at once.
  const cliBuild = import('../scripts/cli-build.ts').then(({ ensureCliBuild }) => ensureCliBuild());
  cliBuild.catch(() => undefined); // awaited once the cloud is up
  const { startLocalCloud } = await import('./cloud.ts');
  const cloud = await startLocalCloud({ dataDir, ports, log, ses, dynamoDb, deliverTwice: values['deliver-twice'] === true || process.env.STEWARD_DELIVER_TWICE === '1' });
  const { urls } = cloud;
  // The cloud runs without the CLI: sources the CLI cannot be built from are said, and `govern` builds at its next call.
  await cliBuild.then(
    (cli) => log(`govern CLI ${cli.cached ? 'unchanged, reused' : `built in ${cli.milliseconds} ms`}`),
    (error: Error) => log(`the govern CLI could not be built: ${error.message}`),
  );
  // `govern` run from here looks in `.steward/`: a cloud on another folder leaves it a pointer (local/data-dir.ts).
  const removePointer = dataDir === defaultDataDir() ? undefined : pointToDataDir(dataDir);
  process.stdout.write(
    [
      '',
      `Steward local cloud is up (loopback only), ${process.uptime().toFixed(1)} s after launch.`,
      `  Console         ${urls.consoleUrl}   (sign in as anyone: the local identity provider asks who you are)`,
      `  API             ${urls.apiUrl}   (also ${urls.consoleUrl}/api)`,
      `  Inbox (web UI)  ${urls.inboxUrl}`,
      `  Inbox REST API  ${urls.inboxUrl}/api/email`,
      `  AWS endpoint    ${urls.awsEndpoint}   (Secrets Manager, Step Functions, SES v2, EventBridge, Lambda Invoke)`,
      `  DynamoDB        ${urls.dynamodbEndpoint}   (DynamoDB Local behind an IAM check)`,
      `  SMTP            ${urls.smtp}`,
      `  Platform (sim.) ${urls.platformUrl}   (a simulated social platform: logins that rotation changes)`,
      `  Schedules       ${schedules.map((s) => `${s.name} ${s.expression}`).join(', ')} (UTC; run one now: npm run fire-schedule -- <name>)`,
      `  Data            ${dataDir}  (URLs in ${dataDir}/local.json)`,
      'Ctrl-C stops it; waiting executions resume at the next start.',
      '',
    ].join('\n'),
  );
  if (values.demo) await loadDemo(urls);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    removePointer?.();
    cloud.stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`steward: stop failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof PortInUseError || error instanceof JavaMissingError || error instanceof InvalidSesOptionError) {
    process.stderr.write(`steward: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/**
 * The demo organisation, loaded through the API as its governance lead would (the first admin of an empty
 * registry), so a first `npm start` has people to sign in as. A registry with people of its own is left alone.
 */
async function loadDemo(urls: LocalCloudUrls) {
  const { DEMO_LEAD, seedDemo, simulatedPlatform } = await import('../cli/demo.ts');
  const { ApiError, apiClientWith } = await import('../cli/client.ts');
  const minted = await fetch(`${urls.awsEndpoint}/_steward/dev-token`, { method: 'POST', body: JSON.stringify({ personId: DEMO_LEAD, roles: ['admin', 'hr'] }) });
  const { token } = (await minted.json()) as { token?: string };
  try {
    log(await seedDemo(apiClientWith(urls.apiUrl, token), simulatedPlatform(urls.platformUrl)));
    log(`demo organisation ready: sign in to the console as ${DEMO_LEAD} (admin, hr)`);
  } catch (error) {
    // The cloud itself is up and stays up: a demo that could not load is said, not fatal.
    log(error instanceof ApiError && error.status === 403 ? 'the registry has people of its own: no demo loaded' : `the demo organisation could not be loaded: ${(error as Error).message}`);
  }
}
