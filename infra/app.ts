import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StewardStack } from './stack.ts';
import { isTimeZone } from '../core/messaging/look.ts';
import { consoleBuildFolder, ensureConsoleBuild } from '../scripts/console-build.ts';

/**
 * `npx cdk synth` / `npx cdk deploy`. Works offline without credentials (the stack is environment-agnostic).
 * Context: `stage` (default "prod"), `jwtIssuer` and `jwtAudience` (comma-separated) of the identity provider,
 * `mailFrom` (the sender of approval emails) and `mailIdentity` (its SES-verified domain or address),
 * `consoleClientId` (the console's client at the identity provider), `companyName`, `timeZone` (IANA, for
 * the times in emails; default UTC), optionally `companyLogoUrl` (https), and optionally
 * `consoleDomain` with `consoleCertificateArn` (ACM, us-east-1) and `webAclArn` (WAF, scope CLOUDFRONT).
 * The console must have been built (`ensureConsoleBuild`; the entry point below does it).
 */
export function buildApp(app = new App()): { app: App; stack: StewardStack } {
  const context = (name: string): unknown => app.node.tryGetContext(name);
  const stage = String(context('stage') ?? 'prod');
  const timeZone = String(context('timeZone') ?? 'UTC');
  // Refused at synth, not at a function's first cold start on AWS.
  if (!isTimeZone(timeZone)) throw new Error(`context timeZone "${timeZone}" is not an IANA time zone (for example Europe/Berlin)`);
  const stack = new StewardStack(app, `Steward-${stage}`, {
    namePrefix: `steward-${stage}`,
    stage,
    repositoryRoot: resolve(import.meta.dirname, '..'),
    jwtIssuer: String(app.node.tryGetContext('jwtIssuer') ?? 'https://login.example.com/'),
    jwtAudience: String(app.node.tryGetContext('jwtAudience') ?? 'steward').split(','),
    mail: { from: String(app.node.tryGetContext('mailFrom') ?? 'Steward <steward@example.com>'), identity: String(app.node.tryGetContext('mailIdentity') ?? 'example.com') },
    console: {
      assets: consoleBuildFolder(),
      clientId: String(context('consoleClientId') ?? 'steward-console'),
      domain: context('consoleDomain') ? { name: String(context('consoleDomain')), certificateArn: String(context('consoleCertificateArn')) } : undefined,
      webAclArn: context('webAclArn') ? String(context('webAclArn')) : undefined,
    },
    look: {
      companyName: String(context('companyName') ?? 'Example Corp'),
      ...(context('companyLogoUrl') ? { logoUrl: String(context('companyLogoUrl')) } : {}),
      timeZone,
    },
    description: `Steward social media governance (${stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}

if (process.argv[1] === import.meta.filename) {
  await ensureConsoleBuild();
  buildApp().app.synth();
}
