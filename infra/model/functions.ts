/**
 * The Lambda catalogue, declared once. The CDK stack bundles one function per entry and grants exactly the
 * declared access; the local cloud imports the same handler module in-process. `access` is the only place a
 * function's permissions are decided.
 */
export type TableAccess = 'read' | 'write';

export interface FunctionDeclaration {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: {
    readonly registry?: TableAccess;
    /** The accounts' shared logins in Secrets Manager (secrets under the stage's prefix only). */
    readonly credentials?: 'read' | 'write';
  };
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

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
  meApi: {
    entry: 'functions/api/me.ts',
    description: 'GET /me: the caller, their registry record and footprint.',
    access: { registry: 'read' },
  },
  peopleApi: {
    entry: 'functions/api/people.ts',
    description: 'People (staff synced from HR): add, import, list, show, update, footprint.',
    access: { registry: 'write' },
  },
  accountsApi: {
    entry: 'functions/api/accounts.ts',
    description: 'Official accounts: add, list, show, update, retire.',
    access: { registry: 'write' },
  },
  grantsApi: {
    entry: 'functions/api/grants.ts',
    description: 'Access lists: grant and revoke.',
    access: { registry: 'write' },
  },
  credentialsApi: {
    entry: 'functions/api/credentials.ts',
    description: 'Shared logins: set, and reveal to a person with the right grant and current training.',
    access: { registry: 'write', credentials: 'write' },
  },
  policiesApi: {
    entry: 'functions/api/policies.ts',
    description: 'Policies and guidelines.',
    access: { registry: 'write' },
  },
  auditApi: {
    entry: 'functions/api/audit.ts',
    description: 'Audit trail: list and verify the hash chain.',
    access: { registry: 'read' },
  },
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionId = keyof typeof functions;

export const functionIds = Object.keys(functions) as FunctionId[];

/** Deployed (and local) function name: one naming rule so ARNs in workflows resolve in both worlds. */
export const functionName = (id: FunctionId, prefix = 'steward'): string =>
  `${prefix}-${id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
