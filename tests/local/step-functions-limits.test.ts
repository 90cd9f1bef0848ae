import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalLambdaRuntime } from '../../local/lambda/runtime.ts';
import { TaskIntegrations } from '../../local/aws/step-functions/integrations.ts';
import { StepFunctionsService } from '../../local/aws/step-functions/api.ts';
import { MAX_HISTORY_EVENTS } from '../../local/aws/step-functions/limits.ts';

/**
 * Step Functions' hard limits, kept by the local twin: 25,000 history events per execution, 256 KiB of state
 * payload, and a heartbeat below the task timeout at CreateStateMachine. The machines here have no tasks, so
 * no function runs (the runtime is never called).
 */
let dataDir: string;
let service: StepFunctionsService;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-sfn-limits-'));
  service = new StepFunctionsService({ dataDir, region: 'us-east-1', accountId: '000000000000', integrations: new TaskIntegrations({} as LocalLambdaRuntime) });
});

afterAll(() => {
  service.suspendAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const register = (name: string, definition: unknown) => service.register({ name, definition: JSON.stringify(definition), roleArn: `arn:aws:iam::000000000000:role/${name}` });

/** A loop of a Pass and a Choice: four history events per turn. */
const loop = (turns: number) => ({
  StartAt: 'Count',
  States: {
    Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Again' },
    Again: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: turns, Next: 'Count' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

describe('local Step Functions limits', () => {
  it('fails an execution that reaches 25,000 history events, as AWS does, and runs one just below it', async () => {
    register('long-loop', loop(7000));
    const failed = await service.runChild({ stateMachineArn: service.stateMachineArn('long-loop'), name: 'too-long', input: '{"n":0}' });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: expect.stringContaining(String(MAX_HISTORY_EVENTS)) });
    register('short-loop', loop(5000));
    expect(await service.runChild({ stateMachineArn: service.stateMachineArn('short-loop'), name: 'fits', input: '{"n":0}' })).toMatchObject({ status: 'SUCCEEDED' });
  }, 120_000);

  it('fails a state whose output exceeds 256 KiB with States.DataLimitExceeded', async () => {
    register('big-state', { StartAt: 'Big', States: { Big: { Type: 'Pass', Result: { text: 'x'.repeat(256 * 1024) }, End: true } } });
    expect(await service.runChild({ stateMachineArn: service.stateMachineArn('big-state'), name: 'big', input: '{}' })).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('refuses an input over 256 KiB at StartExecution', () => {
    register('small', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    expect(() => service.handle('StartExecution', { stateMachineArn: service.stateMachineArn('small'), input: JSON.stringify({ text: 'x'.repeat(256 * 1024) }) })).toThrow(expect.objectContaining({ code: 'InvalidExecutionInput' }));
  });

  it('refuses a definition whose heartbeat is not below its task timeout, nested ones included', () => {
    const task = (heartbeat: number) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:steward-park-task', Payload: {} }, TimeoutSeconds: 60, HeartbeatSeconds: heartbeat, End: true });
    expect(() => register('heartbeat-equal', { StartAt: 'Wait', States: { Wait: task(60) } })).toThrow(expect.objectContaining({ code: 'InvalidDefinition' }));
    const nested = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'Wait', States: { Wait: task(90) } }, End: true } } };
    expect(() => register('heartbeat-nested', nested)).toThrow(expect.objectContaining({ code: 'InvalidDefinition' }));
    expect(() => register('heartbeat-below', { StartAt: 'Wait', States: { Wait: task(30) } })).not.toThrow();
  });
});
