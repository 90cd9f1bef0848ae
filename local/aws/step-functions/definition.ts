/**
 * Prepares an ASL definition for aws-local-stepfunctions without changing what it means.
 *
 * The library calls a local override with nothing but a Task's effective input, and it times tasks out by
 * itself (60 s by default) with a clock that would restart after a restart of the local cloud. So every Task
 * and Wait state is rewritten to one Task whose Parameters carry, beside the original payload, what the
 * emulator must know (timeouts, heartbeats, wait times, resolved from the same paths AWS resolves them
 * from). The emulator then keeps those clocks itself, measured from the journaled start of the task.
 */
export const TASK_TOKEN_PLACEHOLDER = '__steward_task_token__';

/**
 * The library sets `$$.Execution.StartTime` to the time of each run (and of each branch), so a replay would
 * see a new start time; references are pointed at a context field the emulator fills with the real one.
 */
export const START_TIME_CONTEXT_FIELD = 'StewardStartTime';

/** What a rewritten state hands to the emulator with each call. */
export interface TaskEnvelope {
  payload: unknown;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  waitSeconds?: number;
  waitUntil?: string;
}

export interface StateInfo {
  readonly type: string;
  readonly resource?: string;
}

type State = Record<string, any>;
type Definition = { States: Record<string, State>; StartAt: string; TimeoutSeconds?: number; [k: string]: unknown };

/** setTimeout's ceiling; the library never fires a timer of its own before the emulator's clocks do. */
const LIBRARY_TIMEOUT_SECONDS = 2_147_483;

/** A field as a Parameters entry: `{name: 5}` or `{'name.$': '$.path'}`. */
const carry = (name: string, value: unknown, path: unknown): Record<string, unknown> =>
  path !== undefined ? { [`${name}.$`]: path } : value !== undefined ? { [name]: value } : {};

function rewriteTask(state: State): State {
  const { Parameters, TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, ...rest } = state;
  return {
    ...rest,
    TimeoutSeconds: LIBRARY_TIMEOUT_SECONDS,
    Parameters: {
      ...(Parameters !== undefined ? { payload: Parameters } : { 'payload.$': '$' }),
      ...carry('timeoutSeconds', TimeoutSeconds, TimeoutSecondsPath),
      ...carry('heartbeatSeconds', HeartbeatSeconds, HeartbeatSecondsPath),
    },
  };
}

function rewriteWait(state: State): State {
  const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = state;
  return {
    ...rest,
    Type: 'Task',
    Resource: 'steward:wait',
    TimeoutSeconds: LIBRARY_TIMEOUT_SECONDS,
    Parameters: {
      'payload.$': '$',
      ...carry('waitSeconds', Seconds, SecondsPath),
      ...carry('waitUntil', Timestamp, TimestampPath),
    },
  };
}

/** Returns the rewritten definition and, per state name, what the state originally was. */
export function prepareDefinition(definition: Definition): { definition: Definition; states: Map<string, StateInfo> } {
  const states = new Map<string, StateInfo>();
  const rewrite = (machine: Definition): Definition => ({
    ...machine,
    States: Object.fromEntries(
      Object.entries(machine.States).map(([name, state]) => {
        states.set(name, { type: state.Type, resource: state.Resource });
        if (state.Type === 'Task') return [name, rewriteTask(state)];
        if (state.Type === 'Wait') return [name, rewriteWait(state)];
        if (state.Type === 'Parallel') return [name, { ...state, Branches: state.Branches.map(rewrite) }];
        if (state.Type === 'Map') {
          const processor = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
          return [name, { ...state, [processor]: rewrite(state[processor]) }];
        }
        return [name, state];
      }),
    ),
  });
  const rewritten = JSON.stringify(rewrite(definition)).replaceAll('$$.Execution.StartTime', () => `$$.Execution.${START_TIME_CONTEXT_FIELD}`);
  return { definition: JSON.parse(rewritten) as Definition, states };
}

/** Every Task state's Resource, for checking at registration that each one can run locally. */
export function taskResources(states: Map<string, StateInfo>): string[] {
  return [...states.values()].flatMap((s) => (s.type === 'Task' && s.resource ? [s.resource] : []));
}
