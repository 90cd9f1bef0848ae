import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { stackTarget } from '../../scripts/smoke/aws.ts';
import { assertUsableStack, exitCodeOf, formatResult, OUTPUT_KEYS, parseSmokeArgs, SmokeRefusal, targetFromOutputs } from '../../scripts/smoke/model.ts';
import { workflowIds } from '../../workflows/index.ts';

/** `npm run smoke`'s pure parts, and its reading of the stack's outputs. */
const arn = (id: string) => `arn:aws:states:eu-west-1:123456789012:stateMachine:steward-prod-${id}`;
const outputs = [
  { OutputKey: 'ApiUrl', OutputValue: 'https://abc123.execute-api.eu-west-1.amazonaws.com/' },
  { OutputKey: 'RegistryTableName', OutputValue: 'Steward-prod-Registry-XYZ' },
  ...workflowIds.map((id) => ({ OutputKey: `${id}StateMachineArn`, OutputValue: arn(id) })),
];

describe('the smoke test\'s arguments', () => {
  it('read the stack, an optional region and the canary\'s deadline (180 s unless given)', () => {
    expect(parseSmokeArgs(['--stack', 'Steward-prod'])).toEqual({ stack: 'Steward-prod', canaryTimeoutSeconds: 180 });
    expect(parseSmokeArgs(['--stack', 'Steward-prod', '--region', 'eu-west-1', '--canary-timeout', '60'])).toEqual({ stack: 'Steward-prod', region: 'eu-west-1', canaryTimeoutSeconds: 60 });
  });

  it.each([[[]], [['--region', 'eu-west-1']], [['--stack', 'S', '--verbose']], [['--stack', 'S', 'extra']], [['--stack', 'S', '--canary-timeout', '1.5']], [['--stack', 'S', '--canary-timeout', '0']]])(
    'are refused with the usage line (exit 2) when wrong: %j',
    (argv) => {
      const refusal = (() => {
        try {
          parseSmokeArgs(argv);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(SmokeRefusal);
      expect((refusal as SmokeRefusal).exitCode).toBe(2);
      expect((refusal as SmokeRefusal).message).toContain('usage: npm run smoke -- --stack');
    },
  );
});

describe('the stack\'s outputs', () => {
  it('become the target: the API URL without its trailing slash, the table and one state machine per workflow', () => {
    expect(targetFromOutputs(outputs, 'eu-west-1')).toEqual({
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
      tableName: 'Steward-prod-Registry-XYZ',
      stateMachineArns: Object.fromEntries(workflowIds.map((id) => [id, arn(id)])),
      region: 'eu-west-1',
    });
  });

  it('name every output a stack lacks', () => {
    const partial = outputs.filter((o) => o.OutputKey !== OUTPUT_KEYS.tableName && o.OutputKey !== OUTPUT_KEYS.stateMachineArn('reviews'));
    expect(() => targetFromOutputs(partial, 'eu-west-1')).toThrow('the stack has no output RegistryTableName, reviewsStateMachineArn');
  });

  it('are read only from a stack that settled with its resources in place', () => {
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']) expect(() => assertUsableStack(status)).not.toThrow();
    expect(() => assertUsableStack('ROLLBACK_COMPLETE')).toThrow(/its first deploy failed; delete it and deploy again/);
    expect(() => assertUsableStack('UPDATE_IN_PROGRESS', 'User Initiated')).toThrow('the stack is UPDATE_IN_PROGRESS (User Initiated)');
  });
});

/**
 * The local cloud has no CloudFormation, so DescribeStacks is answered by a stand-in client here: the only
 * SDK call of the smoke test not run over the wire.
 */
const cloudFormation = (answer: () => unknown) => {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return answer();
    },
  } as unknown as Pick<CloudFormationClient, 'send'>;
  return { client, sent };
};

describe('resolving a deployed stack', () => {
  it('asks DescribeStacks for the named stack and reads its outputs', async () => {
    const { client, sent } = cloudFormation(() => ({ Stacks: [{ StackName: 'Steward-prod', StackStatus: 'UPDATE_COMPLETE', Outputs: outputs }] }));

    const target = await stackTarget(client, 'Steward-prod', 'eu-west-1');

    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(DescribeStacksCommand);
    expect((sent[0] as DescribeStacksCommand).input).toEqual({ StackName: 'Steward-prod' });
    expect(target.stateMachineArns.canary).toBe(arn('canary'));
  });

  it('says so, with the naming rule, when there is no such stack', async () => {
    const { client } = cloudFormation(() => {
      throw Object.assign(new Error('Stack with id Steward-prdo does not exist'), { name: 'ValidationError' });
    });

    await expect(stackTarget(client, 'Steward-prdo', 'eu-west-1')).rejects.toThrow('there is no stack Steward-prdo in eu-west-1 (stacks are named Steward-<stage>)');
  });

  it('refuses a stack whose first deploy rolled back', async () => {
    const { client } = cloudFormation(() => ({ Stacks: [{ StackName: 'Steward-prod', StackStatus: 'ROLLBACK_COMPLETE', Outputs: [] }] }));

    await expect(stackTarget(client, 'Steward-prod', 'eu-west-1')).rejects.toThrow(/the stack is ROLLBACK_COMPLETE: its first deploy failed/);
  });
});

describe('the report', () => {
  it('prints one line per check, a failure with its reason folded onto the line', () => {
    expect(formatResult({ name: 'GET /me without a token answers 401', ok: true, detail: '' })).toBe('ok      GET /me without a token answers 401');
    expect(formatResult({ name: 'registry table t is ACTIVE', ok: true, detail: 'deletion protection on' })).toBe('ok      registry table t is ACTIVE (deletion protection on)');
    expect(formatResult({ name: 'canary workflow run SUCCEEDED', ok: false, detail: 'arn ended FAILED:\n  States.TaskFailed' })).toBe('FAILED  canary workflow run SUCCEEDED: arn ended FAILED: States.TaskFailed');
  });

  it('exits 0 only when every check passed', () => {
    expect(exitCodeOf([{ name: 'a', ok: true, detail: '' }])).toBe(0);
    expect(exitCodeOf([{ name: 'a', ok: true, detail: '' }, { name: 'b', ok: false, detail: 'no' }])).toBe(1);
    expect(exitCodeOf([])).toBe(1);
  });
});
