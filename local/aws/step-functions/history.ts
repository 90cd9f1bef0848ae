import type { StateInfo } from './definition.ts';

/**
 * Turns aws-local-stepfunctions' event log into Step Functions history events (GetExecutionHistory's shape).
 * Each event also carries a replay key (type, state, ordinal) so that, when an execution is replayed after a
 * restart, the events it had already produced are not recorded twice.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface LibraryEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
}

const text = (value: unknown) => JSON.stringify(value ?? null);
const stringOrJson = (value: unknown) => (typeof value === 'string' ? value : text(value));

/** `arn:aws:states:::dynamodb:putItem` → {resourceType: 'dynamodb', resource: 'putItem'}; Lambda ARNs → lambda. */
function resourceDetails(resource: string | undefined) {
  if (!resource) return { resourceType: 'unknown', resource: 'unknown' };
  if (resource.startsWith('arn:aws:lambda:')) return { resourceType: 'lambda', resource: resource };
  const [, , , , , type, ...rest] = resource.split(':');
  return { resourceType: type ?? 'unknown', resource: rest.join(':') || 'unknown' };
}

type Draft = { type: string; details?: Record<string, unknown> };

/** The history events one library event stands for, before ids are assigned. */
export function toHistory(event: LibraryEvent, states: Map<string, StateInfo>, roleArn: string, rawResults: ReadonlyMap<string, unknown>): Draft[] {
  const name = event.state?.name;
  const info = name ? states.get(name) : undefined;
  const stateType = info?.type ?? event.state?.type ?? 'Task';
  const task = stateType === 'Task' ? resourceDetails(info?.resource) : undefined;
  switch (event.type) {
    case 'ExecutionStarted':
      return [{ type: 'ExecutionStarted', details: { executionStartedEventDetails: { input: text(event.input), inputDetails: { truncated: false }, roleArn } } }];
    case 'ExecutionSucceeded':
      return [{ type: 'ExecutionSucceeded', details: { executionSucceededEventDetails: { output: text(event.output), outputDetails: { truncated: false } } } }];
    case 'ExecutionFailed':
      return [{ type: 'ExecutionFailed', details: { executionFailedEventDetails: { error: event.Error, cause: stringOrJson(event.Cause) } } }];
    // ExecutionAborted / ExecutionTimedOut are written by the service when it closes the execution.
    case 'StateEntered': {
      const entered: Draft = { type: `${stateType}StateEntered`, details: { stateEnteredEventDetails: { name, input: text(event.state?.input), inputDetails: { truncated: false } } } };
      if (task) return [entered, { type: 'TaskScheduled', details: { taskScheduledEventDetails: { ...task, region: process.env.AWS_REGION, parameters: text(event.state?.input) } } }, { type: 'TaskStarted', details: { taskStartedEventDetails: task } }];
      if (stateType === 'Parallel' || stateType === 'Map') return [entered, { type: `${stateType}StateStarted` }];
      return [entered];
    }
    case 'StateExited': {
      const exited: Draft = { type: `${stateType}StateExited`, details: { stateExitedEventDetails: { name, output: text(event.state?.output), outputDetails: { truncated: false } } } };
      if (task) return [{ type: 'TaskSucceeded', details: { taskSucceededEventDetails: { ...task, output: text(rawResults.get(name!)), outputDetails: { truncated: false } } } }, exited];
      if (stateType === 'Parallel' || stateType === 'Map') return [{ type: `${stateType}StateSucceeded` }, exited];
      return [exited];
    }
    case 'StateFailed': {
      const failure = { error: event.Error, cause: stringOrJson(event.Cause) };
      if (task) {
        const timedOut = event.Error === 'States.Timeout' || event.Error === 'States.HeartbeatTimeout';
        return [timedOut ? { type: 'TaskTimedOut', details: { taskTimedOutEventDetails: { ...task, ...failure } } } : { type: 'TaskFailed', details: { taskFailedEventDetails: { ...task, ...failure } } }];
      }
      if (stateType === 'Parallel' || stateType === 'Map') return [{ type: `${stateType}StateFailed`, details: { [`${stateType.toLowerCase()}StateFailedEventDetails`]: failure } }];
      return [];
    }
    case 'StateRetried':
      return task ? [{ type: 'TaskScheduled', details: { taskScheduledEventDetails: { ...task, region: process.env.AWS_REGION, parameters: text(event.state?.input) } } }, { type: 'TaskStarted', details: { taskStartedEventDetails: task } }] : [];
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
      return [{ type: event.type, details: { [key.charAt(0).toLowerCase() + key.slice(1)]: { name: event.parentState?.name, index: event.index } } }];
    }
    default:
      return [];
  }
}

/** Appends drafts to a history, skipping those already recorded in an earlier run of the same execution. */
export class HistoryRecorder {
  private readonly ordinals = new Map<string, number>();

  constructor(
    private readonly history: HistoryEvent[],
    private readonly recordedKeys: Set<string>,
  ) {}

  record(drafts: Draft[], timestamp: number, stateName: string | undefined): boolean {
    let appended = false;
    for (const draft of drafts) {
      const base = `${draft.type}|${stateName ?? ''}`;
      const ordinal = (this.ordinals.get(base) ?? 0) + 1;
      this.ordinals.set(base, ordinal);
      const key = `${base}|${ordinal}`;
      if (this.recordedKeys.has(key)) continue;
      this.recordedKeys.add(key);
      const id = this.history.length + 1;
      this.history.push({ id, previousEventId: id - 1, timestamp: timestamp / 1000, type: draft.type, ...draft.details, replayKey: key });
      appended = true;
    }
    return appended;
  }
}
