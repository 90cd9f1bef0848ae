// The library's Task states call Promise.withResolvers, which Node 20 lacks; the local cloud polyfills it so.
import '../../local/polyfills.ts';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderDefinition, workflows } from '../../workflows/index.ts';

/**
 * The paths through the approval and handover state machines: which states exit, in which order, how often a
 * task is retried and where an error is caught. Each definition runs in aws-local-stepfunctions with every Task
 * overridden by state name: the overrides are fakes of the Lambdas (functions/workflow/*.ts and the credential
 * rotation function), answering what the real function answers. The subject is the ASL, not the functions,
 * which the workflow tests on the local cloud run for real. Retry intervals and Wait states are overridden to
 * zero, so no path waits on the clock.
 *
 * The library knows nothing of `.waitForTaskToken`: it calls the override and takes its answer as the task's
 * result. So the override of a callback state answers what the callback brings (SendTaskSuccess's output, or
 * SendTaskFailure's error and cause, or the States.Timeout AWS raises when TimeoutSeconds passes), as if its
 * Lambda had parked the token and the callback had come.
 */

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type Json = Record<string, unknown>;
type State = { Type: string; Resource?: string; Parameters?: Json; TimeoutSecondsPath?: string; Retry?: unknown[]; ItemProcessor?: { States: Record<string, State> } };

/** What a fake Lambda (or a callback) does on one call: answer, or fail with an error name and a cause. */
type Answer = { returns: unknown } | { fails: string; cause: string };

const returns = (value: unknown): Answer => ({ returns: value });
/** A function error reaches the state machine as its errorType, with Lambda's JSON as the cause. */
const fails = (error: string, message = 'a fake failure'): Answer => ({ fails: error, cause: JSON.stringify({ errorType: error, errorMessage: message }) });
/** A callback's failure (SendTaskFailure, or the States.Timeout of a wait nobody answered) carries its own cause. */
const callbackFails = (error: string, cause = ''): Answer => ({ fails: error, cause });
const times = (count: number, answer: Answer): Answer[] => Array.from({ length: count }, () => answer);

/**
 * Answers per call, given in turn: under the state's name, or `State/accountId` for one account inside the
 * handover's Map. A state called beyond its script answers its default (the well-behaved Lambda) if it has one.
 */
type Script = Record<string, Answer[]>;
type Defaults = Record<string, (payload: Json) => unknown>;

/** A call nobody scripted: the library (reading isRetryable / isCatchable) neither retries nor catches it. */
class UnscriptedCall extends Error {
  override readonly name = 'UnscriptedCall';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

interface Run {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  /** The failed execution's error name. */
  error?: string;
  events: EventLog[];
  /** Each task call's Lambda payload (or callback request), in order. */
  calls: { state: string; payload: Json }[];
}

function load(id: 'approval' | 'handover') {
  const substitutions = Object.fromEntries(Object.keys(workflows[id].functions).map((placeholder) => [placeholder, `arn:aws:lambda:us-east-1:000000000000:function:${placeholder}`]));
  // The execution's TimeoutSeconds (half a year, a year) is past what setTimeout can wait: the library's timer
  // would fire at once. Nothing here runs long enough to reach it.
  const { TimeoutSeconds: _executionTimeout, ...definition } = JSON.parse(renderDefinition(id, substitutions)) as StateMachineDefinition & { TimeoutSeconds?: number };
  const states = new Map<string, State>();
  const collect = (of: Record<string, State>) => {
    for (const [name, state] of Object.entries(of)) {
      states.set(name, state);
      if (state.ItemProcessor) collect(state.ItemProcessor.States);
      // AWS reads TimeoutSecondsPath from the state's input, the library from the task's effective Parameters:
      // carried into the Parameters (beside the Lambda's Payload, which the fakes read), it times out as on AWS.
      if (state.TimeoutSecondsPath) Object.assign(state, { Parameters: { ...state.Parameters, 'timeoutSeconds.$': state.TimeoutSecondsPath }, TimeoutSecondsPath: '$.timeoutSeconds' });
    }
  };
  collect(definition.States as Record<string, State>);
  return { machine: new StateMachine(definition), states };
}

const approval = load('approval');
const handover = load('handover');

/** The account a handover call is about: Map items carry it, and the rotation function's SecretId names it. */
const accountOf = (payload: Json) => (payload.accountId ?? String(payload.SecretId ?? '').replace(/^login-/, '')) as string;

async function run(workflow: typeof approval, input: Json, script: Script, defaults: Defaults = {}): Promise<Run> {
  const remaining = Object.fromEntries(Object.entries(script).map(([key, answers]) => [key, [...answers]]));
  const calls: Run['calls'] = [];
  const tasks = [...workflow.states].filter(([, state]) => state.Type === 'Task');
  const handlers = Object.fromEntries(
    tasks.map(([name, state]) => [
      name,
      async (input: Json) => {
        const payload = input.Payload as Json;
        calls.push({ state: name, payload });
        const answer = remaining[`${name}/${accountOf(payload)}`]?.shift() ?? remaining[name]?.shift() ?? (defaults[name] ? returns(defaults[name](payload)) : undefined);
        if (!answer) throw new UnscriptedCall(`${name} was called once more than scripted`);
        if ('fails' in answer) throw Object.assign(new Error(answer.cause), { name: answer.fails });
        // lambda:invoke answers with the Invoke response; a callback's output is the task's result as it is.
        return state.Resource!.endsWith('.waitForTaskToken') ? answer.returns : { ExecutedVersion: '$LATEST', Payload: answer.returns, StatusCode: 200 };
      },
    ]),
  );
  const zeroFor = (applies: (state: State) => boolean) => Object.fromEntries([...workflow.states].filter(([, state]) => applies(state)).map(([name]) => [name, 0]));
  const execution = workflow.machine.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: zeroFor((state) => state.Type === 'Wait'), retryIntervalOverrides: zeroFor((state) => state.Retry !== undefined) },
    context: { Task: { Token: 'a-task-token' } },
  });
  const events: EventLog[] = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();
  const outcome = await execution.result.then(
    (output) => ({ status: 'SUCCEEDED' as const, output }),
    (error: unknown) => ({ status: 'FAILED' as const, error: ((error as ExecutionError).cause as Error).name }),
  );
  await logged;
  return { ...outcome, events, calls };
}

const inIteration = (event: EventLog, index: number | undefined) => ('index' in event ? event.index : undefined) === index;

/** The states exited, in order: the top level's, or one Map iteration's. A caught state exits too. */
const exited = (run: Run, iteration?: number) => run.events.flatMap((e) => (e.type === 'StateExited' && inIteration(e, iteration) ? [e.state.name] : []));

/** How often a state was retried (each retry is one more call), with the retrier that retried it. */
const retries = (run: Run, state: string, iteration?: number) =>
  run.events.flatMap((e) => (e.type === 'StateRetried' && e.state.name === state && inIteration(e, iteration) ? [e.retry.retrier.ErrorEquals.join()] : []));

/** Where a state's Catch sent each error it caught. */
const caught = (run: Run, state: string, iteration?: number) => run.events.flatMap((e) => (e.type === 'StateCaught' && e.state.name === state && inIteration(e, iteration) ? [e.catch.catcher.Next] : []));

const callsOf = (run: Run, state: string) => run.calls.filter((c) => c.state === state);

afterEach(() => {
  vi.useRealTimers();
});

describe('the approval workflow', () => {
  const requestId = 'apr-paths1';
  const awaiting = (waitSeconds: number) => returns({ next: 'await', requestId, stage: 0, waitSeconds });
  const finishing = returns({ next: 'finish', requestId });
  const finished = (status: string) => returns({ requestId, status, outcome: { status, at: '2030-01-01T00:00:00.000Z', by: 'ann' } });
  const approved = returns({ requestId, stage: 0, decision: 'approved' });
  /** What Advance throws when decisions keep landing between its read and its write. */
  const tooManyChanges = fails('Error', `approval ${requestId}: too many concurrent changes; the state machine retries this step`);
  const once = ['Advance', 'WaitOrFinish', 'AwaitDecision', 'Advance', 'WaitOrFinish', 'Finish'];

  it('waits for a decision, reads it with Advance and finishes with the outcome once a stage is approved', async () => {
    const result = await run(approval, { requestId }, { Advance: [awaiting(3600), finishing], AwaitDecision: [approved], Finish: [finished('approved')] });

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result)).toEqual(once);
    expect(result.output).toEqual({ requestId, status: 'approved', outcome: expect.objectContaining({ status: 'approved' }) });
    // The park step is handed the stage and the task token ($$.Task.Token) to park in the registry.
    expect(callsOf(result, 'AwaitDecision')[0]!.payload).toEqual({ action: 'park', requestId, stage: 0, taskToken: 'a-task-token' });
    expect(callsOf(result, 'Finish')[0]!.payload).toEqual({ action: 'finish', requestId });
  });

  it.each([
    ['a rejection', callbackFails('Rejected', 'stage 0 rejected'), 'rejected'],
    ['a withdrawal', callbackFails('Withdrawn', 'the requester withdrew the request'), 'withdrawn'],
  ])('catches %s of the wait and goes back to Advance, which finishes the request', async (_what, callback, status) => {
    const result = await run(approval, { requestId }, { Advance: [awaiting(3600), finishing], AwaitDecision: [callback], Finish: [finished(status)] });

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result)).toEqual(once);
    expect(caught(result, 'AwaitDecision')).toEqual(['Advance']);
    expect(retries(result, 'AwaitDecision')).toEqual([]);
    expect(result.output).toMatchObject({ status });
  });

  it('reminds after the first time-out and expires the request after the second', async () => {
    const result = await run(approval, { requestId }, {
      Advance: [awaiting(3600), awaiting(7200), finishing],
      AwaitDecision: times(2, callbackFails('States.Timeout')),
      Finish: [finished('expired')],
    });

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result)).toEqual(['Advance', 'WaitOrFinish', 'AwaitDecision', 'Advance', 'WaitOrFinish', 'AwaitDecision', 'Advance', 'WaitOrFinish', 'Finish']);
    expect(caught(result, 'AwaitDecision')).toEqual(['Advance', 'Advance']);
    expect(retries(result, 'AwaitDecision')).toEqual([]);
    expect(result.output).toMatchObject({ status: 'expired' });
  });

  it('times the wait out after the waitSeconds Advance gave it, not before', async () => {
    vi.useFakeTimers();
    const waitSeconds = 3600;
    let parked = 0;
    let settled = false;
    const pending = run(approval, { requestId }, { Advance: [awaiting(waitSeconds), finishing], Finish: [finished('expired')] }, {
      // The token is parked and nobody answers it: only the task's TimeoutSecondsPath can end the wait.
      AwaitDecision: () => {
        parked += 1;
        return new Promise<never>(() => undefined);
      },
    }).finally(() => (settled = true));

    await vi.advanceTimersByTimeAsync(waitSeconds * 1000 - 1);
    expect(parked).toBe(1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result)).toEqual(once);
    expect(result.events.find((e) => e.type === 'StateFailed' && e.state.name === 'AwaitDecision')).toMatchObject({ Error: 'States.Timeout' });
    expect(caught(result, 'AwaitDecision')).toEqual(['Advance']);
  });

  it('retries a failing Advance and goes on once it answers', async () => {
    const result = await run(approval, { requestId }, { Advance: [...times(2, tooManyChanges), awaiting(3600), finishing], AwaitDecision: [approved], Finish: [finished('approved')] });

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'Advance')).toEqual(['States.ALL', 'States.ALL']);
    expect(exited(result)).toEqual(once);
  });

  it.each([
    ['Advance', 'Error', { Advance: times(7, tooManyChanges) }, []],
    ['Finish', 'ConditionalCheckFailedException', { Advance: [finishing], Finish: times(7, fails('ConditionalCheckFailedException')) }, ['Advance', 'WaitOrFinish']],
  ])('gives %s six retries (seven calls) and then fails the execution with its %s', async (state, error, script: Script, before) => {
    const result = await run(approval, { requestId }, script);

    expect(result).toMatchObject({ status: 'FAILED', error });
    expect(retries(result, state)).toHaveLength(6);
    expect(callsOf(result, state)).toHaveLength(7);
    expect(exited(result)).toEqual(before);
  });

  it('retries the park step when Lambda throttles it, then waits for the decision', async () => {
    const result = await run(approval, { requestId }, {
      Advance: [awaiting(3600), finishing],
      AwaitDecision: [...times(2, fails('Lambda.TooManyRequestsException')), approved],
      Finish: [finished('approved')],
    });

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'AwaitDecision')).toHaveLength(2);
    expect(caught(result, 'AwaitDecision')).toEqual([]);
    expect(exited(result)).toEqual(once);
  });

  it('retries any other failure of the park step, pauses, then goes back to Advance, which parks the wait again', async () => {
    const throttled = fails('ProvisionedThroughputExceededException');
    const result = await run(approval, { requestId }, {
      Advance: [awaiting(3600), awaiting(3600), finishing],
      AwaitDecision: [...times(4, throttled), approved],
      Finish: [finished('approved')],
    });

    // Three retries, then the catch: the request is never left pending with no workflow to finish it.
    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'AwaitDecision')).toHaveLength(3);
    expect(caught(result, 'AwaitDecision')).toEqual(['PauseAfterParkFailure']);
    expect(exited(result)).toEqual(['Advance', 'WaitOrFinish', 'AwaitDecision', 'PauseAfterParkFailure', 'Advance', 'WaitOrFinish', 'AwaitDecision', 'Advance', 'WaitOrFinish', 'Finish']);
  });
});

describe('the handover workflow', () => {
  const caseId = 'dep-0123456789abcdef0123';
  const effectiveAt = '2030-01-01T09:00:00Z';
  const rotateAll = (accounts: string[]) => ({ caseId, rotate: accounts.map((accountId) => ({ caseId, accountId })), handOver: true });
  /** The Lambdas when all goes well, answering what the real ones answer (the rotation steps answer their Step). */
  const wellBehaved = (accounts: string[]): Defaults => ({
    Schedule: () => ({ caseId, effectiveAt }),
    Open: () => rotateAll(accounts),
    Revoke: () => ({ revoked: 2 }),
    HandOver: () => ({ requests: [] }),
    ReassignReviews: () => ({ reassigned: 0 }),
    StartRotation: (p) => ({ caseId, accountId: p.accountId, secretId: `login-${String(p.accountId)}`, token: `${String(p.accountId)}-token`.padEnd(64, '0'), done: false }),
    CreatePendingPassword: () => ({ step: 'createSecret' }),
    SetOnPlatform: () => ({ step: 'setSecret' }),
    TestNewPassword: () => ({ step: 'testSecret' }),
    MakeCurrent: () => ({ step: 'finishSecret' }),
    RotationDone: () => null,
    RotationFailed: () => null,
    LoginsRotated: () => null,
    Report: () => ({ status: 'completed', sent: true }),
  });
  const topLevel = ['Schedule', 'WaitUntilEffective', 'Open', 'Revoke', 'HandOver', 'ReassignReviews', 'RotateLogins', 'LoginsRotated', 'Report'];
  const rotated = ['StartRotation', 'AlreadyRotated', 'CreatePendingPassword', 'SetOnPlatform', 'TestNewPassword', 'MakeCurrent', 'RotationDone'];
  const iterationOf = (result: Run, accountId: string) => result.events.find((e) => e.type === 'StateEntered' && 'index' in e && (e.state.input as Json).accountId === accountId && e.state.name === 'StartRotation') as { index: number };
  const failureRecorded = (result: Run, accountId: string) => callsOf(result, 'RotationFailed').filter((c) => c.payload.accountId === accountId).map((c) => (c.payload.error as Json).Error);

  it('waits until the departure is effective, then revokes, hands over, rotates every login and reports', async () => {
    const result = await run(handover, { caseId }, {}, wellBehaved(['acct-a', 'acct-b']));

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result)).toEqual(topLevel);
    expect(exited(result, iterationOf(result, 'acct-a').index)).toEqual(rotated);
    expect(exited(result, iterationOf(result, 'acct-b').index)).toEqual(rotated);
    expect(result.output).toEqual({ status: 'completed', sent: true });
    expect(callsOf(result, 'SetOnPlatform').map((c) => c.payload)).toContainEqual({ Step: 'setSecret', SecretId: 'login-acct-a', ClientRequestToken: expect.stringMatching(/^acct-a-token/), DepartureCaseId: caseId });
  });

  it('skips the rotation of a login another rotation already changed', async () => {
    const result = await run(handover, { caseId }, { StartRotation: [returns({ caseId, accountId: 'acct-a', secretId: 'login-acct-a', token: 'a'.repeat(64), done: true })] }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result, 0)).toEqual(['StartRotation', 'AlreadyRotated', 'RotationSkipped']);
    expect(callsOf(result, 'CreatePendingPassword')).toEqual([]);
    expect(exited(result)).toEqual(topLevel);
  });

  it('records an account whose platform refuses the new password, without a retry, and completes the others', async () => {
    const result = await run(handover, { caseId }, { 'SetOnPlatform/acct-b': [fails('PlatformRefusedError', 'the platform does not accept the new password')] }, wellBehaved(['acct-a', 'acct-b']));

    const b = iterationOf(result, 'acct-b').index;
    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result, b)).toEqual(['StartRotation', 'AlreadyRotated', 'CreatePendingPassword', 'SetOnPlatform', 'RotationFailed']);
    expect(retries(result, 'SetOnPlatform', b)).toEqual([]);
    expect(caught(result, 'SetOnPlatform', b)).toEqual(['RotationFailed']);
    expect(callsOf(result, 'RotationFailed')[0]!.payload).toEqual({
      action: 'rotation-failed',
      caseId,
      accountId: 'acct-b',
      error: { Error: 'PlatformRefusedError', Cause: JSON.stringify({ errorType: 'PlatformRefusedError', errorMessage: 'the platform does not accept the new password' }) },
    });
    expect(exited(result, iterationOf(result, 'acct-a').index)).toEqual(rotated);
    expect(exited(result)).toEqual(topLevel);
  });

  it('retries a rotation step that fails for a passing reason, and rotates once it works', async () => {
    const result = await run(handover, { caseId }, { CreatePendingPassword: times(2, fails('SecretsManager.InternalServiceError')) }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'CreatePendingPassword', 0)).toEqual(['States.ALL', 'States.ALL']);
    expect(exited(result, 0)).toEqual(rotated);
  });

  it.each(['CreatePendingPassword', 'SetOnPlatform', 'TestNewPassword', 'MakeCurrent'])('gives %s four retries, then records the account as failed and completes the case', async (step) => {
    const result = await run(handover, { caseId }, { [step]: times(5, fails('SecretsManager.InternalServiceError')) }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, step, 0)).toEqual(Array(4).fill('States.ALL'));
    expect(exited(result, 0)).toEqual([...rotated.slice(0, rotated.indexOf(step) + 1), 'RotationFailed']);
    expect(failureRecorded(result, 'acct-a')).toEqual(['SecretsManager.InternalServiceError']);
    expect(exited(result)).toEqual(topLevel);
  });

  it('waits while another rotation of the login is in progress, with its own retrier', async () => {
    const result = await run(handover, { caseId }, { StartRotation: times(3, fails('RotationInProgress')) }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'StartRotation', 0)).toEqual(['RotationInProgress', 'RotationInProgress', 'RotationInProgress']);
    expect(exited(result, 0)).toEqual(rotated);
  });

  it('gives up on a login that stays locked after twenty retries and records it as failed', async () => {
    const result = await run(handover, { caseId }, { StartRotation: times(21, fails('RotationInProgress')) }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'StartRotation', 0)).toEqual(Array(20).fill('RotationInProgress'));
    expect(exited(result, 0)).toEqual(['StartRotation', 'RotationFailed']);
    expect(failureRecorded(result, 'acct-a')).toEqual(['RotationInProgress']);
  });

  it('hands a login without a password API to a custodian and finishes the rotation once they confirm', async () => {
    const result = await run(handover, { caseId }, {
      SetOnPlatform: [fails('HumanHandoverPending', 'a custodian sets the password')],
      AwaitCustodian: [returns({ taskId: 'cus-1', confirmed: true })],
    }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result, 0)).toEqual(['StartRotation', 'AlreadyRotated', 'CreatePendingPassword', 'SetOnPlatform', 'AwaitCustodian', 'SetOnPlatform', 'TestNewPassword', 'MakeCurrent', 'RotationDone']);
    expect(retries(result, 'SetOnPlatform', 0)).toEqual([]);
    expect(caught(result, 'SetOnPlatform', 0)).toEqual(['AwaitCustodian']);
    expect(callsOf(result, 'AwaitCustodian')[0]!.payload).toEqual({ action: 'await-custodian', caseId, accountId: 'acct-a', token: expect.stringMatching(/^acct-a-token/), taskToken: 'a-task-token' });
  });

  it('records the login as failed when no custodian confirms in time', async () => {
    const result = await run(handover, { caseId }, { SetOnPlatform: [fails('HumanHandoverPending')], AwaitCustodian: [callbackFails('States.Timeout')] }, wellBehaved(['acct-a']));

    expect(result.status).toBe('SUCCEEDED');
    expect(exited(result, 0)).toEqual(['StartRotation', 'AlreadyRotated', 'CreatePendingPassword', 'SetOnPlatform', 'AwaitCustodian', 'RotationFailed']);
    expect(caught(result, 'AwaitCustodian', 0)).toEqual(['RotationFailed']);
    expect(failureRecorded(result, 'acct-a')).toEqual(['States.Timeout']);
    expect(exited(result)).toEqual(topLevel);
  });

  it('retries revoking until no grant is live', async () => {
    const result = await run(handover, { caseId }, { Revoke: times(3, fails('Error', '1 grants are still live; the step is retried')) }, wellBehaved([]));

    expect(result.status).toBe('SUCCEEDED');
    expect(retries(result, 'Revoke')).toHaveLength(3);
    expect(exited(result)).toEqual(topLevel);
  });

  // The steps outside the Map have no Catch: one that keeps failing fails the execution (its steps skip what is
  // done, so another run of the case resumes it).
  it.each([
    ['Schedule', 5],
    ['Open', 5],
    ['Revoke', 8],
    ['HandOver', 5],
    ['ReassignReviews', 5],
    ['LoginsRotated', 5],
    ['Report', 5],
  ])('fails the case after %s has failed and been retried %i times', async (state, retried) => {
    const result = await run(handover, { caseId }, { [state]: times(retried + 1, fails('Error')) }, wellBehaved(['acct-a']));

    expect(result).toMatchObject({ status: 'FAILED', error: 'Error' });
    expect(retries(result, state)).toHaveLength(retried);
    expect(exited(result)).toEqual(topLevel.slice(0, topLevel.indexOf(state)));
  });
});
