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
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionId = keyof typeof functions;

export const functionIds = Object.keys(functions) as FunctionId[];

/** Deployed (and local) function name: one naming rule so ARNs in workflows resolve in both worlds. */
export const functionName = (id: FunctionId, prefix = 'steward'): string =>
  `${prefix}-${id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
