import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { longTimeout, type LongTimer } from '../../timers.ts';
import { AwsServiceError } from '../errors.ts';
import { loadOrCreateKey, readJson, writeFileAtomic } from '../../files.ts';
import { prepareDefinition, START_TIME_CONTEXT_FIELD, taskResources, TASK_TOKEN_PLACEHOLDER, type StateInfo, type TaskEnvelope } from './definition.ts';
import { HistoryRecorder, toHistory, type HistoryEvent, type LibraryEvent } from './history.ts';
import { resolveResource, TaskFailure, type TaskIntegrations } from './integrations.ts';
import { TaskTokens } from './tokens.ts';
import { validateOnce } from './validation-cache.ts';

/**
 * Step Functions, locally: the API subset Steward uses, running each execution on aws-local-stepfunctions.
 *
 * Durability: every task's outcome is journaled per execution (a file per execution, rewritten atomically).
 * When the local cloud starts, each execution still RUNNING is replayed from its input; tasks found in the
 * journal answer from it instead of running again, a task that was waiting for a callback waits again under
 * the same (deterministic) token without re-invoking its Lambda, and clocks (task timeouts, heartbeats, Wait
 * states, the execution timeout) keep counting from the journaled start times.
 */

export interface StateMachineRegistration {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
}

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface JournalEntry {
  state: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  waitsForToken: boolean;
  /** The waitForTaskToken call went out; after a restart it must not go out again. */
  dispatched: boolean;
  heartbeatAt?: number;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  output?: unknown;
  error?: string;
  cause?: string;
}

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: Status;
  input: string;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  journal: Record<string, JournalEntry>;
  history: HistoryEvent[];
}

interface Machine {
  arn: string;
  name: string;
  roleArn: string;
  definition: Record<string, any>;
  prepared: ReturnType<typeof prepareDefinition>;
  creationDate: number;
}

interface Waiter {
  resolve(output: unknown): void;
  reject(error: Error): void;
  timers: LongTimer[];
}

interface LiveRun {
  abort(): void;
  /** Set when the local cloud shuts down: the run stops but the execution stays RUNNING on disk. */
  suspended: boolean;
  /** Per (state, input) call counter, so repeated calls in a loop get distinct journal keys. */
  counters: Map<string, number>;
  /** Each Task's raw result (before ResultSelector / ResultPath), for the TaskSucceeded history event. */
  rawResults: Map<string, unknown>;
}

type Request = Record<string, unknown>;

const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const MAX_INPUT_BYTES = 256 * 1024;
/** AWS's hard quota of history events per Standard execution; an execution that reaches it fails. */
export const MAX_HISTORY_EVENTS = 25_000;

/** Task states whose HeartbeatSeconds is not below their TimeoutSeconds, at any depth (Map, Parallel). */
function heartbeatsNotBelowTimeout(states: Record<string, any>): string[] {
  return Object.entries(states ?? {}).flatMap(([name, state]) => [
    ...(state.Type === 'Task' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= (state.TimeoutSeconds ?? 99_999_999) ? [name] : []),
    ...heartbeatsNotBelowTimeout((state.ItemProcessor ?? state.Iterator)?.States),
    ...(state.Branches ?? []).flatMap((branch: { States: Record<string, unknown> }) => heartbeatsNotBelowTimeout(branch.States)),
  ]);
}

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
  if (Buffer.byteLength(value) > MAX_INPUT_BYTES) throw new AwsServiceError(error, `${what} exceeds the maximum size of 262144 bytes`);
  try {
    return JSON.parse(value);
  } catch {
    throw new AwsServiceError(error, `${what} is not valid JSON`);
  }
}

function replacePlaceholder(value: unknown, token: string): unknown {
  if (value === TASK_TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => replacePlaceholder(v, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholder(v, token)]));
  }
  return value;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value ?? null)).digest('base64url').slice(0, 16);

export class StepFunctionsService {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, LiveRun>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly closeListeners = new Map<string, (() => void)[]>();
  private readonly dirty = new Set<ExecutionRecord>();
  private flushTimer?: NodeJS.Timeout;
  private readonly tokens: TaskTokens;
  private readonly executionsDir: string;

  constructor(
    private readonly options: {
      dataDir: string;
      region: string;
      accountId: string;
      integrations: TaskIntegrations;
    },
  ) {
    const root = join(options.dataDir, 'stepfunctions');
    this.executionsDir = join(root, 'executions');
    mkdirSync(this.executionsDir, { recursive: true });
    this.tokens = new TaskTokens(loadOrCreateKey(join(root, 'task-token.key')));
    for (const file of readdirSync(this.executionsDir).filter((f) => f.endsWith('.json'))) {
      const record = readJson<ExecutionRecord | undefined>(join(this.executionsDir, file), undefined);
      if (record) this.executions.set(record.executionArn, record);
    }
  }

  /**
   * `startExecution.sync:2` for a parent's task: starts the child (or, when the parent's task runs again after
   * a restart, finds the child it started) and answers once it has ended, with DescribeExecution's fields.
   */
  async runChild(request: { stateMachineArn: string; name: string; input: string }): Promise<ReturnType<StepFunctionsService['describeExecution']>> {
    const { executionArn } = this.startOrFind(request);
    const record = this.executions.get(executionArn)!;
    if (record.status === 'RUNNING') {
      await new Promise<void>((resolve) => this.closeListeners.set(executionArn, [...(this.closeListeners.get(executionArn) ?? []), resolve]));
    }
    return this.describeExecution({ executionArn });
  }

  private startOrFind(request: { stateMachineArn: string; name: string; input: string }) {
    const machine = this.machines.get(request.stateMachineArn);
    const existing = machine ? this.executions.get(`arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${request.name}`) : undefined;
    if (existing && existing.status !== 'RUNNING' && existing.input === request.input) return { executionArn: existing.executionArn };
    return this.startExecution(request);
  }

  /** The state machine whose execution issued a task token (what IAM authorizes SendTask* on). */
  stateMachineOfToken(token: string): string | undefined {
    const address = this.tokens.open(token);
    return address ? this.executions.get(address.executionArn)?.stateMachineArn : undefined;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
  }

  /** Registers a state machine; every Task resource must be one the local cloud can run. */
  register(registration: StateMachineRegistration): string {
    const definition = JSON.parse(registration.definition) as Record<string, any>;
    const badHeartbeats = heartbeatsNotBelowTimeout(definition.States);
    // CreateStateMachine refuses it: a heartbeat must come before the task times out.
    if (badHeartbeats.length) throw new AwsServiceError('InvalidDefinition', `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at /States/${badHeartbeats[0]}'`);
    const prepared = prepareDefinition(definition as any);
    const unsupported = taskResources(prepared.states).filter((r) => !resolveResource(r));
    if (unsupported.length > 0) {
      throw new AwsServiceError('InvalidDefinition', `Resources not supported locally: ${unsupported.join(', ')}`);
    }
    // Constructing validates the rewritten definition up front, instead of at each execution.
    validateOnce(prepared.definition, () => new StateMachine(prepared.definition as any, { validationOptions: { checkArn: false } }));
    const arn = this.stateMachineArn(registration.name);
    this.machines.set(arn, { arn, name: registration.name, roleArn: registration.roleArn, definition, prepared, creationDate: Date.now() });
    return arn;
  }

  /** Replays every execution left RUNNING by an earlier process. */
  resumeRunning(): void {
    for (const record of this.executions.values()) {
      if (record.status !== 'RUNNING') continue;
      if (!this.machines.has(record.stateMachineArn)) continue;
      this.launch(record);
    }
  }

  /** Stops every run without closing its execution, so the next start resumes it. */
  suspendAll(): void {
    this.flush();
    for (const run of this.runs.values()) {
      run.suspended = true;
      run.abort();
    }
    for (const waiter of this.waiters.values()) waiter.timers.forEach((t) => t.cancel());
    this.waiters.clear();
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
        return { stateMachines: [...this.machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: seconds(m.creationDate) })) };
      default:
        throw new AwsServiceError('UnknownOperationException', `Operation ${operation} is not supported locally.`);
    }
  }

  private startExecution(request: Request) {
    const stateMachineArn = requireArn(request, 'stateMachineArn', 'stateMachine');
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = request.name === undefined ? randomUUID() : request.name;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
    const input = request.input === undefined ? '{}' : (request.input as string);
    parseJsonText(input, 'InvalidExecutionInput', 'Input');
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Standard workflows: the same name and input while RUNNING is an idempotent retry; anything else is a clash.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: seconds(existing.startDate) };
      }
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = { executionArn, stateMachineArn, name, status: 'RUNNING', input, startDate: Date.now(), journal: {}, history: [] };
    this.executions.set(executionArn, record);
    this.save(record, true);
    this.launch(record);
    return { executionArn, startDate: seconds(record.startDate) };
  }

  private findExecution(request: Request): ExecutionRecord {
    const arn = requireArn(request, 'executionArn', 'execution');
    const record = this.executions.get(arn);
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
    if (!this.machines.has(stateMachineArn)) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const filter = request.statusFilter as Status | undefined;
    const all = [...this.executions.values()]
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
    this.close(record, 'ABORTED', { error: optionalText(request.error), cause: optionalText(request.cause) });
    const run = this.runs.get(record.executionArn);
    run?.abort();
    this.releaseWaiters(record, new TaskFailure('States.Runtime', 'execution aborted'));
    return { stopDate: seconds(record.stopDate) };
  }

  private describeStateMachine(request: Request) {
    const arn = requireArn(request, 'stateMachineArn', 'stateMachine');
    const machine = this.machines.get(arn);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return { stateMachineArn: arn, name: machine.name, status: 'ACTIVE', definition: JSON.stringify(machine.definition), roleArn: machine.roleArn, type: 'STANDARD', creationDate: seconds(machine.creationDate) };
  }

  /** Finds the waiting task a token names, with AWS's errors for every way it can be wrong. */
  private waitingTask(request: Request): { record: ExecutionRecord; key: string; entry: JournalEntry; token: string } {
    const token = request.taskToken;
    if (typeof token !== 'string' || token === '') throw validation("Value null at 'taskToken' failed to satisfy constraint: Member must not be null");
    const address = this.tokens.open(token);
    if (!address) throw new AwsServiceError('InvalidToken', 'Invalid Token');
    const record = this.executions.get(address.executionArn);
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
    this.settle(task, { status: 'succeeded', output });
    return {};
  }

  private sendTaskFailure(request: Request) {
    const task = this.waitingTask(request);
    const error = optionalText(request.error) ?? '';
    const cause = optionalText(request.cause) ?? '';
    if (error.length > 256) throw validation('error must be at most 256 characters');
    if (cause.length > 32768) throw validation('cause must be at most 32768 characters');
    this.settle(task, { status: 'failed', error, cause });
    return {};
  }

  private sendTaskHeartbeat(request: Request) {
    const task = this.waitingTask(request);
    task.entry.heartbeatAt = Date.now();
    this.save(task.record);
    const waiter = this.waiters.get(task.token);
    if (waiter) this.armTimers(task.record, task.key, task.entry, waiter);
    return {};
  }

  /** Journals a task's outcome first, then wakes the run: a crash in between loses nothing. */
  private settle(task: { record: ExecutionRecord; key: string; entry: JournalEntry; token: string }, outcome: Pick<JournalEntry, 'status' | 'output' | 'error' | 'cause'>) {
    Object.assign(task.entry, outcome);
    this.save(task.record, true);
    const waiter = this.waiters.get(task.token);
    if (!waiter) return;
    this.waiters.delete(task.token);
    waiter.timers.forEach((t) => t.cancel());
    if (outcome.status === 'succeeded') waiter.resolve(outcome.output);
    else waiter.reject(new TaskFailure(outcome.error ?? '', outcome.cause ?? ''));
  }

  private launch(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachineArn)!;
    // The execution's own timeout is kept here (the library's setTimeout cannot wait past 24.8 days).
    const { TimeoutSeconds, ...definition } = machine.prepared.definition;
    const remainingMs = TimeoutSeconds === undefined ? undefined : TimeoutSeconds * 1000 - (Date.now() - record.startDate);
    if (remainingMs !== undefined && remainingMs <= 0) {
      this.close(record, 'TIMED_OUT', {});
      return;
    }
    const run: LiveRun = { abort: () => undefined, suspended: false, counters: new Map(), rawResults: new Map() };
    const handlers = Object.fromEntries(
      [...machine.prepared.states.entries()]
        .filter(([, info]) => info.type === 'Task' || info.type === 'Wait')
        .map(([name, info]) => [name, (input: unknown) => this.runTask(record, run, name, info, input as TaskEnvelope)]),
    );
    const stateMachine = new StateMachine(definition as any, { validationOptions: { noValidate: true } });
    const execution = stateMachine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: handlers as any },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, [START_TIME_CONTEXT_FIELD]: new Date(record.startDate).toISOString(), Input: JSON.parse(record.input), RoleArn: machine.roleArn },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TASK_TOKEN_PLACEHOLDER },
      },
    });
    run.abort = execution.abort;
    if (remainingMs !== undefined) {
      const timeout = longTimeout(() => {
        if (record.status !== 'RUNNING' || run.suspended) return;
        this.close(record, 'TIMED_OUT', {});
        run.abort();
        this.releaseWaiters(record, new TaskFailure('States.Timeout', 'execution timed out'));
      }, remainingMs);
      const abort = run.abort;
      run.abort = () => {
        timeout.cancel();
        abort();
      };
    }
    this.runs.set(record.executionArn, run);
    const history = this.recordHistory(record, run, machine, execution.eventLogs as AsyncGenerator<LibraryEvent>);
    execution.result.then(
      // The history is read after the run; a quota it reached fails the execution before it can succeed.
      async (output) => {
        await history;
        this.close(record, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        if (run.suspended || record.status !== 'RUNNING') return;
        if (error instanceof ExecutionTimeoutError) return this.close(record, 'TIMED_OUT', {});
        if (error instanceof ExecutionAbortedError) return this.close(record, 'ABORTED', {});
        const failure = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
        this.close(record, 'FAILED', { error: failure.name, cause: failure.message });
      },
    ).finally(() => {
      this.runs.delete(record.executionArn);
      this.releaseWaiters(record, new TaskFailure('States.Runtime', 'execution closed'));
    });
  }

  private async recordHistory(record: ExecutionRecord, run: LiveRun, machine: Machine, events: AsyncGenerator<LibraryEvent>) {
    const recorded = new Set(record.history.map((e) => e.replayKey as string));
    const recorder = new HistoryRecorder(record.history, recorded);
    for await (const event of events) {
      if (run.suspended) return;
      const drafts = toHistory(event, machine.prepared.states, machine.roleArn, run.rawResults);
      if (recorder.record(drafts, event.timestamp, event.state?.name)) this.save(record);
      const tooLarge = event.type === 'StateExited' && Buffer.byteLength(JSON.stringify(event.state?.output ?? null)) > MAX_INPUT_BYTES;
      if (tooLarge || record.history.length >= MAX_HISTORY_EVENTS) {
        this.failRun(record, run, tooLarge
          ? { error: 'States.DataLimitExceeded', cause: `The state/task '${event.state?.name}' returned a result with a size exceeding the maximum number of bytes service limit.` }
          : { error: 'States.Runtime', cause: `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).` });
        return;
      }
    }
  }

  /** Ends a run the service itself must fail (a quota reached), as AWS does: the execution FAILED. */
  private failRun(record: ExecutionRecord, run: LiveRun, failure: { error: string; cause: string }) {
    const id = record.history.length + 1;
    record.history.push({ id, previousEventId: id - 1, timestamp: Date.now() / 1000, type: 'ExecutionFailed', executionFailedEventDetails: failure, replayKey: 'ExecutionFailed||quota' });
    this.close(record, 'FAILED', failure);
    run.abort();
    this.releaseWaiters(record, new TaskFailure(failure.error, failure.cause));
  }

  private async runTask(record: ExecutionRecord, run: LiveRun, state: string, info: StateInfo, envelope: TaskEnvelope): Promise<unknown> {
    if (Buffer.byteLength(JSON.stringify(envelope.payload ?? null)) > MAX_INPUT_BYTES) {
      throw new TaskFailure('States.DataLimitExceeded', `The state/task '${state}' has input with a size exceeding the maximum number of bytes service limit.`);
    }
    const result = await this.taskResult(record, run, state, info, envelope);
    if (Buffer.byteLength(JSON.stringify(result ?? null)) > MAX_INPUT_BYTES) {
      throw new TaskFailure('States.DataLimitExceeded', `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    }
    run.rawResults.set(state, result);
    return result;
  }

  private async taskResult(record: ExecutionRecord, run: LiveRun, state: string, info: StateInfo, envelope: TaskEnvelope): Promise<unknown> {
    const base = `${state}#${hashOf(envelope)}`;
    const ordinal = (run.counters.get(base) ?? 0) + 1;
    run.counters.set(base, ordinal);
    const key = `${base}#${ordinal}`;
    const journaled = record.journal[key];
    if (journaled?.status === 'succeeded') return journaled.output;
    if (journaled?.status === 'failed') throw new TaskFailure(journaled.error ?? '', journaled.cause ?? '');

    const resolved = info.type === 'Wait' ? resolveResource('steward:wait')! : resolveResource(info.resource!)!;
    const entry: JournalEntry = journaled ?? {
      state,
      status: 'running',
      startedAt: Date.now(),
      waitsForToken: resolved.waitForTaskToken,
      dispatched: false,
      timeoutSeconds: envelope.timeoutSeconds,
      heartbeatSeconds: envelope.heartbeatSeconds,
    };
    record.journal[key] = entry;
    this.save(record);

    if (resolved.target.kind === 'wait') {
      const until = envelope.waitUntil !== undefined ? Date.parse(envelope.waitUntil) : entry.startedAt + (envelope.waitSeconds ?? 0) * 1000;
      await this.sleep(until - Date.now(), run);
      return this.finish(record, entry, envelope.payload);
    }
    if (!resolved.waitForTaskToken) {
      try {
        const output = await this.withDeadline(this.options.integrations.call(resolved.target, envelope.payload, record.stateMachineArn), entry);
        return this.finish(record, entry, output);
      } catch (error) {
        if (run.suspended) throw error;
        const failure = error as Error;
        Object.assign(entry, { status: 'failed', error: failure.name, cause: failure.message });
        this.save(record);
        throw error;
      }
    }

    const token = this.tokens.issue({ executionArn: record.executionArn, taskKey: key });
    const answer = new Promise<unknown>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timers: [] };
      this.waiters.set(token, waiter);
      this.armTimers(record, key, entry, waiter);
    });
    // A stopped or suspended run no longer listens; its waiter's rejection must not count as unhandled.
    answer.catch(() => undefined);
    if (!entry.dispatched) {
      try {
        await this.options.integrations.call(resolved.target, replacePlaceholder(envelope.payload, token), record.stateMachineArn);
        if (entry.status === 'running') {
          entry.dispatched = true;
          this.save(record);
        }
      } catch (error) {
        const failure = error as Error;
        if (entry.status === 'running') this.settle({ record, key, entry, token }, { status: 'failed', error: failure.name, cause: failure.message });
      }
    }
    return answer;
  }

  private finish(record: ExecutionRecord, entry: JournalEntry, output: unknown): unknown {
    Object.assign(entry, { status: 'succeeded', output });
    this.save(record);
    return output;
  }

  /** (Re)arms the timeout and heartbeat clocks of a waiting task from its journaled times. */
  private armTimers(record: ExecutionRecord, key: string, entry: JournalEntry, waiter: Waiter) {
    waiter.timers.forEach((t) => t.cancel());
    waiter.timers = [];
    const token = this.tokens.issue({ executionArn: record.executionArn, taskKey: key });
    const expire = (error: string) => () => {
      if (entry.status !== 'running') return;
      this.settle({ record, key, entry, token }, { status: 'failed', error, cause: '' });
    };
    if (entry.timeoutSeconds !== undefined) {
      waiter.timers.push(longTimeout(expire('States.Timeout'), Math.max(0, entry.startedAt + entry.timeoutSeconds * 1000 - Date.now())));
    }
    if (entry.heartbeatSeconds !== undefined) {
      const since = entry.heartbeatAt ?? entry.startedAt;
      waiter.timers.push(longTimeout(expire('States.HeartbeatTimeout'), Math.max(0, since + entry.heartbeatSeconds * 1000 - Date.now())));
    }
  }

  private async withDeadline<T>(work: Promise<T>, entry: JournalEntry): Promise<T> {
    if (entry.timeoutSeconds === undefined) return work;
    let timer: LongTimer | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = longTimeout(() => reject(new TaskFailure('States.Timeout', '')), entry.startedAt + entry.timeoutSeconds! * 1000 - Date.now());
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      timer?.cancel();
    }
  }

  private sleep(ms: number, run: LiveRun): Promise<void> {
    return new Promise((resolve) => {
      const timer = longTimeout(resolve, ms);
      const abort = run.abort;
      run.abort = () => {
        timer.cancel();
        abort();
      };
    });
  }

  private releaseWaiters(record: ExecutionRecord, error: Error) {
    for (const [token, waiter] of this.waiters) {
      if (this.tokens.open(token)?.executionArn !== record.executionArn) continue;
      waiter.timers.forEach((t) => t.cancel());
      this.waiters.delete(token);
      waiter.reject(error);
    }
  }

  private close(record: ExecutionRecord, status: Exclude<Status, 'RUNNING'>, result: { output?: string; error?: string; cause?: string }) {
    if (record.status !== 'RUNNING') return;
    Object.assign(record, { status, stopDate: Date.now() }, stripUndefined(result));
    for (const listener of this.closeListeners.get(record.executionArn) ?? []) listener();
    this.closeListeners.delete(record.executionArn);
    if (status === 'ABORTED' || status === 'TIMED_OUT') {
      const id = record.history.length + 1;
      const type = status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut';
      if (!record.history.some((e) => e.type === type)) {
        record.history.push({ id, previousEventId: id - 1, timestamp: Date.now() / 1000, type, replayKey: `${type}||1` });
      }
    }
    this.save(record, true);
  }

  /**
   * Records are written at most every 25 ms (a closing execution at once): a long execution (a handover of
   * hundreds of accounts) changes its record thousands of times, and rewriting it on every change made the
   * emulator quadratic. A crash loses at most those 25 ms, which a restart replays like any in-flight task.
   */
  private save(record: ExecutionRecord, now = false): void {
    this.dirty.add(record);
    if (now) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), 25);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const record of this.dirty) {
      const file = createHash('sha256').update(record.executionArn).digest('hex').slice(0, 32);
      writeFileAtomic(join(this.executionsDir, `${file}.json`), JSON.stringify(record));
    }
    this.dirty.clear();
  }
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
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
