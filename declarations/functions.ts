/**
 * The Lambda catalogue, declared once. `access` is the only place a function's permissions are decided:
 * `access.ts` turns it into the function's environment and IAM statements, which the CDK stack attaches and
 * the local cloud enforces on the bundle the stack deploys.
 */
import type { WorkflowId } from '../workflows/ids.ts';

export type TableAccess = 'read' | 'write';

/** What a function may do to a workflow's executions: start them, or answer their waiting tasks. */
export type WorkflowAction = 'StartExecution' | 'DescribeExecution' | 'SendTaskSuccess' | 'SendTaskFailure';

export interface FunctionDeclaration {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: {
    readonly registry?: TableAccess;
    /** The accounts' shared logins in Secrets Manager (secrets under the stage's prefix only). */
    readonly credentials?: 'read' | 'write' | 'rotate';
    /** The approval-link signing key (Secrets Manager): reading it signs and verifies links. */
    readonly linkKey?: 'read' | 'rotate';
    /** Sending email through SES, from the stage's sender address. */
    readonly email?: true;
    /** Starting rotations of the accounts' logins (Secrets Manager RotateSecret with the credentialRotation function). */
    readonly loginRotation?: true;
    /** Talks to the social platforms' password APIs through a connector (no AWS permission; a URL where one exists). */
    readonly platforms?: true;
    /**
     * The audit trail's evidence: `seal` writes the locked bucket, signs checkpoints with the signing key (the
     * only role that may) and publishes sealed events; `verify` reads every version in the bucket and the public key.
     */
    readonly audit?: 'seal' | 'verify';
    readonly workflows?: Partial<Record<WorkflowId, readonly WorkflowAction[]>>;
  };
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

/** An API Lambda of the registry: `functions/api/<name>.ts`, reading or writing the registry table. */
const registryApi = (name: string, description: string, registry: TableAccess = 'write') =>
  ({ entry: `functions/api/${name}.ts`, description, access: { registry } }) as const;

export const functions = {
  health: {
    entry: 'functions/http/health.ts',
    description: 'GET /health: liveness of the API.',
    access: {},
  },
  parkTask: {
    entry: 'functions/workflow/park-task.ts',
    description: 'Parks a waitForTaskToken task token in the registry so a later callback can find it.',
    access: { registry: 'write' },
  },
  meApi: registryApi('me', 'GET /me: the caller, their registry record and footprint.', 'read'),
  peopleApi: registryApi('people', 'People (staff synced from HR): add, import, list, show, update, footprint.'),
  accountsApi: registryApi('accounts', 'Official accounts: add, list, show, update, retire.'),
  grantsApi: registryApi('grants', 'Access lists: grant and revoke.'),
  credentialsApi: { ...registryApi('credentials', 'Shared logins: set, and reveal to a person with the right grant and current training.'), access: { registry: 'write', credentials: 'write' } },
  policiesApi: registryApi('policies', 'Policies and guidelines.'),
  auditApi: { ...registryApi('audit', 'Audit trail: search, verify (chains, seals, checkpoints), export and prove.', 'read'), access: { registry: 'read', audit: 'verify' } },
  auditSealer: {
    entry: 'functions/audit/sealer.ts',
    description: "The audit sealer: new audit events from the registry's stream into the log, the locked bucket, a signed checkpoint and the SIEM feed; hourly, its own reading of the trail and a heartbeat checkpoint.",
    access: { registry: 'write', audit: 'seal' },
    timeoutSeconds: 300,
  },
  approvalsApi: {
    ...registryApi('approvals', 'Approval requests (access, new account, successor): open, list, show, withdraw.'),
    // A withdrawal fails the waiting task; a decision in the console answers it and emails the stage's outcome.
    access: { registry: 'write', email: true, workflows: { approval: ['StartExecution', 'SendTaskSuccess', 'SendTaskFailure'] } },
  },
  approvalLink: {
    entry: 'functions/http/approval-link.ts',
    description: 'The pages behind approval links: GET shows the request, POST records a decision once.',
    access: { registry: 'write', linkKey: 'read', email: true, workflows: { approval: ['SendTaskSuccess', 'SendTaskFailure'] } },
  },
  approvalSteps: {
    entry: 'functions/workflow/approval-steps.ts',
    description: 'Steps of the approval workflow: start stages, email links, remind, escalate, apply the outcome.',
    // It answers only its own task, when a decision landed before its token was parked.
    access: { registry: 'write', linkKey: 'read', email: true, workflows: { approval: ['SendTaskSuccess'] } },
  },
  departuresApi: {
    ...registryApi('departures', 'Departures (offboarding cases): start, list, show, confirm platform-control tasks.'),
    // A confirmation can close the case: its report is emailed, and whatever a leaver still held (approval
    // stages, custody of a password) is handed on, with new links.
    access: { registry: 'write', linkKey: 'read', email: true, workflows: { handover: ['StartExecution'], approval: ['SendTaskSuccess'] } },
  },
  departureEvents: {
    entry: 'functions/events/departure.ts',
    description: 'EventBridge "Staff Departure" events from the HR system: start the offboarding handover.',
    access: { registry: 'write', workflows: { handover: ['StartExecution'] } },
  },
  handoverSteps: {
    entry: 'functions/workflow/handover-steps.ts',
    description: 'Steps of the handover workflow: open the case, revoke, hand ownership on, report.',
    // Successors are asked through the approval workflow; reports go by email; a custodian's wait may answer
    // itself; stages waiting for the leaver are woken to go to someone else, and custodians get new links.
    access: { registry: 'write', linkKey: 'read', email: true, workflows: { approval: ['StartExecution', 'SendTaskSuccess'], handover: ['SendTaskSuccess'] } },
    timeoutSeconds: 300,
  },
  credentialRotation: {
    entry: 'functions/rotation/account-login.ts',
    description: "Rotation of an account's shared login (Secrets Manager's protocol; a custodian where the platform has no password API).",
    // Custodians are emailed a signed link to their task.
    access: { registry: 'write', credentials: 'rotate', linkKey: 'read', email: true, platforms: true },
    timeoutSeconds: 120,
  },
  custodyLink: {
    entry: 'functions/http/custody-link.ts',
    description: "The page behind a custodian's link: shows the pending password once, takes the confirmation.",
    // A confirmation wakes the handover's wait, or resumes a rotation Secrets Manager started (credential age).
    access: { registry: 'write', credentials: 'read', linkKey: 'read', loginRotation: true, platforms: true, workflows: { handover: ['SendTaskSuccess'] } },
  },
  reviewsApi: {
    ...registryApi('reviews', 'Scheduled reviews: list, show, answer in the console, comment; run now; findings (single points of failure); KPIs.'),
    // Answering a recertification in the console revokes as its link page does, which rotates the login the person knew.
    access: { registry: 'write', loginRotation: true, workflows: { reviews: ['StartExecution', 'DescribeExecution'] } },
  },
  reviewSchedule: {
    entry: 'functions/schedule/reviews.ts',
    description: 'Target of the review schedules: starts the daily review run once per scheduled time; sends the weekly digest.',
    access: { registry: 'write', email: true, workflows: { reviews: ['StartExecution'] } },
    timeoutSeconds: 300,
  },
  reviewSteps: {
    entry: 'functions/workflow/review-steps.ts',
    description: 'Steps of the reviews workflow: plan the sweeps, read a page of what is due, handle a batch.',
    // Reviews email their links; expired grants, revoked grants and old logins are rotated; a request whose
    // workflow never started gets it started.
    access: { registry: 'write', linkKey: 'read', email: true, loginRotation: true, workflows: { approval: ['StartExecution'] } },
    timeoutSeconds: 300,
  },
  reviewLink: {
    entry: 'functions/http/review-link.ts',
    description: 'The pages behind review links: recertification, brand audit checklist, policy review and comments.',
    // A recertification's revocation rotates the login the person knew.
    access: { registry: 'write', linkKey: 'read', email: true, loginRotation: true },
  },
  linkKeyRotation: {
    entry: 'functions/rotation/link-key.ts',
    description: 'Secrets Manager rotation of the approval-link signing key (the previous key keeps verifying).',
    access: { linkKey: 'rotate' },
  },
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionId = keyof typeof functions;

/** Lambda's defaults, as the CDK's. */
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MEMORY_MB = 1024;

export const timeoutSecondsOf = (id: FunctionId) => (functions[id] as FunctionDeclaration).timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
export const memoryMbOf = (id: FunctionId) => (functions[id] as FunctionDeclaration).memoryMb ?? DEFAULT_MEMORY_MB;

export const functionIds = Object.keys(functions) as FunctionId[];

/** The environment variable that carries a workflow's state machine ARN to a function allowed to use it. */
export const stateMachineArnVar = (id: WorkflowId) => `STATE_MACHINE_ARN_${id.toUpperCase()}`;

/** Deployed (and local) function name: one naming rule so ARNs in workflows resolve in both worlds. */
export const functionName = (id: FunctionId, prefix = 'steward'): string =>
  `${prefix}-${id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
