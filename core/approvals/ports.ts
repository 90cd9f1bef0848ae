import type { RegistryContext } from '../registry/ports.ts';
import type { LinkKeyRing } from './links.ts';
import type { ApprovalRules } from './rules.ts';

/** An email, as Steward sends it: plain text with an HTML twin, both built from escaped parts. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

/**
 * Answers a waiting workflow task. A token that is already answered, timed out or unknown is not an error
 * here: the registry holds the decision, and the workflow's next step reads it from there.
 */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

export interface ApprovalWorkflow {
  /** Starts the request's execution (named after it, so starting twice is harmless). */
  start(requestId: string): Promise<void>;
}

export interface ApprovalContext extends RegistryContext {
  rules: ApprovalRules;
  links: LinkKeyRing;
  mailer: Mailer;
  callbacks: TaskCallbacks;
  workflow: ApprovalWorkflow;
  /** Base URL of the public pages (the API's URL), without a trailing slash. */
  publicUrl: string;
}
