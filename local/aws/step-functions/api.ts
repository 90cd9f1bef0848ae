import { randomUUID } from 'node:crypto';
import { AwsServiceError } from '../errors.ts';
import { ExecutionEngine, type StateMachineRegistration, type WaitingTask } from './engine.ts';
import type { TaskIntegrations } from './integrations.ts';
import { ExecutionJournal, type ExecutionRecord, type ExecutionStatus } from './journal.ts';
import { MAX_PAYLOAD_BYTES } from './limits.ts';

/**
 * Step Functions, locally: the API subset Steward uses (AWS JSON 1.0), with AWS's validation, errors and
 * paging. Executions run in engine.ts and are kept in journal.ts, so a restarted local cloud resumes them.
 */

type Request = Record<string, unknown>;

const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const invalidArn = (arn: unknown) => new AwsServiceError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
const validation = (message: string) => new AwsServiceError('ValidationException', message);

function requireArn(request: Request, field: string, kind: 'stateMachine' | 'execution'): string {
  const value = request[field];
  if (typeof value !== 'string' || value === '') throw validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (!new RegExp(`^arn:aws:states:[a-z0-9-]+:\\d{12}:${kind}:[^:]+(:[^:]+)?$`).test(value)) throw invalidArn(value);
  return value;
}

function parseJsonText(value: unknown, error: string, what: string): unknown {
  if (typeof value !== 'string') throw new AwsServiceError(error, `${what} must be a JSON string`);
  if (Buffer.byteLength(value) > MAX_PAYLOAD_BYTES) throw new AwsServiceError(error, `${what} exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes`);
  try {
    return JSON.parse(value);
  } catch {
    throw new AwsServiceError(error, `${what} is not valid JSON`);
  }
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Drops inputs and outputs from history events, as `includeExecutionData: false` does. */
function stripData(event: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(event, (key, v) => (key === 'input' || key === 'output' || key === 'parameters' ? undefined : v)));
}

function paginate<T>(items: T[], request: Request, limit: number): { page: T[]; nextToken?: string } {
  const max = request.maxResults === undefined || request.maxResults === 0 ? 100 : Number(request.maxResults);
  if (!Number.isInteger(max) || max < 0 || max > limit) throw validation(`maxResults must be between 0 and ${limit}`);
  let start = 0;
  if (request.nextToken !== undefined) {
    const parsed = Number(Buffer.from(String(request.nextToken), 'base64url').toString('utf8'));
    if (!Number.isInteger(parsed) || parsed < 0) throw new AwsServiceError('InvalidToken', 'Invalid Token');
    start = parsed;
  }
  const page = items.slice(start, start + max);
  const nextToken = start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { page, nextToken };
}

export class StepFunctionsService {
  private readonly journal: ExecutionJournal;
  private readonly engine: ExecutionEngine;

  constructor(
    private readonly options: {
      dataDir: string;
      region: string;
      accountId: string;
      integrations: TaskIntegrations;
    },
  ) {
    this.journal = new ExecutionJournal(options.dataDir);
    this.engine = new ExecutionEngine({ journal: this.journal, integrations: options.integrations });
  }

  /**
   * `startExecution.sync:2` for a parent's task: starts the child (or, when the parent's task runs again after
   * a restart, finds the child it started) and answers once it has ended, with DescribeExecution's fields.
   */
  async runChild(request: { stateMachineArn: string; name: string; input: string }): Promise<ReturnType<StepFunctionsService['describeExecution']>> {
    const { executionArn } = this.startOrFind(request);
    await this.engine.whenClosed(executionArn);
    return this.describeExecution({ executionArn });
  }

  private startOrFind(request: { stateMachineArn: string; name: string; input: string }) {
    const machine = this.engine.machine(request.stateMachineArn);
    const existing = machine ? this.journal.get(this.executionArn(machine.name, request.name)) : undefined;
    if (existing && existing.status !== 'RUNNING' && existing.input === request.input) return { executionArn: existing.executionArn };
    return this.startExecution(request);
  }

  /** The state machine whose execution issued a task token (what IAM authorizes SendTask* on). */
  stateMachineOfToken(token: string): string | undefined {
    const address = this.engine.openToken(token);
    return address ? this.journal.get(address.executionArn)?.stateMachineArn : undefined;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
  }

  private executionArn(machineName: string, name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machineName}:${name}`;
  }

  /** Registers a state machine; every Task resource must be one the local cloud can run. */
  register(registration: StateMachineRegistration): string {
    const arn = this.stateMachineArn(registration.name);
    this.engine.register(arn, registration);
    return arn;
  }

  /** Replays every execution left RUNNING by an earlier process. */
  resumeRunning(): void {
    this.engine.resumeRunning();
  }

  /** Stops every run without closing its execution, so the next start resumes it. */
  suspendAll(): void {
    this.engine.suspendAll();
  }

  handle(operation: string, request: Request): unknown {
    switch (operation) {
      case 'StartExecution':
        return this.startExecution(request);
      case 'DescribeExecution':
        return this.describeExecution(request);
      case 'ListExecutions':
        return this.listExecutions(request);
      case 'GetExecutionHistory':
        return this.getExecutionHistory(request);
      case 'StopExecution':
        return this.stopExecution(request);
      case 'SendTaskSuccess':
        return this.sendTaskSuccess(request);
      case 'SendTaskFailure':
        return this.sendTaskFailure(request);
      case 'SendTaskHeartbeat':
        return this.sendTaskHeartbeat(request);
      case 'DescribeStateMachine':
        return this.describeStateMachine(request);
      case 'ListStateMachines':
        return { stateMachines: [...this.engine.allMachines()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: seconds(m.creationDate) })) };
      default:
        throw new AwsServiceError('UnknownOperationException', `Operation ${operation} is not supported locally.`);
    }
  }

  private startExecution(request: Request) {
    const stateMachineArn = requireArn(request, 'stateMachineArn', 'stateMachine');
    const machine = this.engine.machine(stateMachineArn);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = request.name === undefined ? randomUUID() : request.name;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
    const input = request.input === undefined ? '{}' : (request.input as string);
    parseJsonText(input, 'InvalidExecutionInput', 'Input');
    const executionArn = this.executionArn(machine.name, name);
    const existing = this.journal.get(executionArn);
    if (existing) {
      // Standard workflows: the same name and input while RUNNING is an idempotent retry; anything else is a clash.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: seconds(existing.startDate) };
      }
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = { executionArn, stateMachineArn, name, status: 'RUNNING', input, startDate: Date.now(), journal: {}, history: [] };
    this.journal.add(record);
    this.engine.start(record);
    return { executionArn, startDate: seconds(record.startDate) };
  }

  private findExecution(request: Request): ExecutionRecord {
    const arn = requireArn(request, 'executionArn', 'execution');
    const record = this.journal.get(arn);
    if (!record) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private describeExecution(request: Request) {
    const r = this.findExecution(request);
    return {
      executionArn: r.executionArn,
      stateMachineArn: r.stateMachineArn,
      name: r.name,
      status: r.status,
      startDate: seconds(r.startDate),
      stopDate: seconds(r.stopDate),
      input: r.input,
      inputDetails: { included: true },
      output: r.output,
      outputDetails: r.output === undefined ? undefined : { included: true },
      error: r.error,
      cause: r.cause,
    };
  }

  private listExecutions(request: Request) {
    const stateMachineArn = requireArn(request, 'stateMachineArn', 'stateMachine');
    if (!this.engine.machine(stateMachineArn)) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const filter = request.statusFilter as ExecutionStatus | undefined;
    const all = [...this.journal.all()]
      .filter((r) => r.stateMachineArn === stateMachineArn && (!filter || r.status === filter))
      .sort((a, b) => b.startDate - a.startDate);
    const { page, nextToken } = paginate(all, request, 1000);
    return {
      executions: page.map((r) => ({ executionArn: r.executionArn, stateMachineArn: r.stateMachineArn, name: r.name, status: r.status, startDate: seconds(r.startDate), stopDate: seconds(r.stopDate) })),
      nextToken,
    };
  }

  private getExecutionHistory(request: Request) {
    const record = this.findExecution(request);
    const includeData = request.includeExecutionData !== false;
    const events = record.history.map(({ replayKey: _key, ...event }) => (includeData ? event : stripData(event)));
    if (request.reverseOrder === true) events.reverse();
    const { page, nextToken } = paginate(events, request, 1000);
    return { events: page, nextToken };
  }

  private stopExecution(request: Request) {
    const record = this.findExecution(request);
    if (record.status !== 'RUNNING') return { stopDate: seconds(record.stopDate) };
    this.engine.stop(record, { error: optionalText(request.error), cause: optionalText(request.cause) });
    return { stopDate: seconds(record.stopDate) };
  }

  private describeStateMachine(request: Request) {
    const arn = requireArn(request, 'stateMachineArn', 'stateMachine');
    const machine = this.engine.machine(arn);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return { stateMachineArn: arn, name: machine.name, status: 'ACTIVE', definition: JSON.stringify(machine.definition), roleArn: machine.roleArn, type: 'STANDARD', creationDate: seconds(machine.creationDate) };
  }

  /** Finds the waiting task a token names, with AWS's errors for every way it can be wrong. */
  private waitingTask(request: Request): WaitingTask {
    const token = request.taskToken;
    if (typeof token !== 'string' || token === '') throw validation("Value null at 'taskToken' failed to satisfy constraint: Member must not be null");
    const address = this.engine.openToken(token);
    if (!address) throw new AwsServiceError('InvalidToken', 'Invalid Token');
    const record = this.journal.get(address.executionArn);
    const entry = record?.journal[address.taskKey];
    if (!record || !entry || !entry.waitsForToken) throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    if (record.status !== 'RUNNING' || entry.status !== 'running') {
      throw new AwsServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return { record, key: address.taskKey, entry, token };
  }

  private sendTaskSuccess(request: Request) {
    const task = this.waitingTask(request);
    const output = parseJsonText(request.output, 'InvalidOutput', 'Output');
    this.engine.settle(task, { status: 'succeeded', output });
    return {};
  }

  private sendTaskFailure(request: Request) {
    const task = this.waitingTask(request);
    const error = optionalText(request.error) ?? '';
    const cause = optionalText(request.cause) ?? '';
    if (error.length > 256) throw validation('error must be at most 256 characters');
    if (cause.length > 32768) throw validation('cause must be at most 32768 characters');
    this.engine.settle(task, { status: 'failed', error, cause });
    return {};
  }

  private sendTaskHeartbeat(request: Request) {
    this.engine.heartbeat(this.waitingTask(request));
    return {};
  }
}
