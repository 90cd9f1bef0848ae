import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StewardStack } from './stack.ts';

/**
 * `npx cdk synth` / `npx cdk deploy`. Works offline without credentials (the stack is environment-agnostic).
 * Context: `stage` (default "prod"), `jwtIssuer` and `jwtAudience` (comma-separated) of the identity provider,
 * `mailFrom` (the sender of approval emails) and `mailIdentity` (its SES-verified domain or address).
 */
export function buildApp(app = new App()): { app: App; stack: StewardStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'prod');
  const stack = new StewardStack(app, `Steward-${stage}`, {
    namePrefix: `steward-${stage}`,
    stage,
    repositoryRoot: resolve(import.meta.dirname, '..'),
    jwtIssuer: String(app.node.tryGetContext('jwtIssuer') ?? 'https://login.example.com/'),
    jwtAudience: String(app.node.tryGetContext('jwtAudience') ?? 'steward').split(','),
    mail: { from: String(app.node.tryGetContext('mailFrom') ?? 'Steward <steward@example.com>'), identity: String(app.node.tryGetContext('mailIdentity') ?? 'example.com') },
    description: `Steward social media governance (${stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}

if (process.argv[1] === import.meta.filename) buildApp().app.synth();
