import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StewardStack } from './stack.ts';

/**
 * `npx cdk synth` / `npx cdk deploy`. Works offline without credentials (the stack is environment-agnostic).
 * Context: `stage` (default "prod"), `jwtIssuer` and `jwtAudience` (comma-separated) of the identity provider.
 */
export function buildApp(app = new App()): { app: App; stack: StewardStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'prod');
  const stack = new StewardStack(app, `Steward-${stage}`, {
    namePrefix: `steward-${stage}`,
    stage,
    repositoryRoot: resolve(import.meta.dirname, '..'),
    jwtIssuer: String(app.node.tryGetContext('jwtIssuer') ?? 'https://login.example.com/'),
    jwtAudience: String(app.node.tryGetContext('jwtAudience') ?? 'steward').split(','),
    description: `Steward social media governance (${stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}

if (process.argv[1] === import.meta.filename) buildApp().app.synth();
