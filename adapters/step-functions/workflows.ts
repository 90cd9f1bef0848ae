import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, InvalidToken, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, TaskDoesNotExist, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../../core/approvals/ports.ts';

/** A token that was already answered, has timed out, or belongs to a finished execution: nothing left to wake. */
const isSpent = (error: unknown) => error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken;

/** Answers a parked task token; a token already answered, timed out or of a finished execution is left alone. */
export class StepFunctionsCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: unknown) {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })).catch((error: unknown) => {
      if (!isSpent(error)) throw error;
    });
  }

  async fail(taskToken: string, error: string, cause: string) {
    await this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })).catch((failure: unknown) => {
      if (!isSpent(failure)) throw failure;
    });
  }
}

/** Starts executions of one state machine, named by the caller, so starting the same one twice is harmless. */
export class StepFunctionsStarter {
  constructor(private readonly options: { client: SFNClient; stateMachineArn: string }) {}

  async start(name: string, input: object) {
    await this.options.client.send(new StartExecutionCommand({ stateMachineArn: this.options.stateMachineArn, name, input: JSON.stringify(input) })).catch((error: unknown) => {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    });
  }
}

/** Runs of a workflow, by name: started once per name, and their status read back. */
export class StepFunctionsRuns {
  private readonly starter: StepFunctionsStarter;

  constructor(private readonly options: { client: SFNClient; stateMachineArn: string }) {
    this.starter = new StepFunctionsStarter(options);
  }

  start(name: string, input: object) {
    return this.starter.start(name, input);
  }

  async status(name: string) {
    const executionArn = `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const execution = await this.options.client.send(new DescribeExecutionCommand({ executionArn }));
      return { status: execution.status!, startedAt: execution.startDate!.toISOString(), ...(execution.stopDate ? { stoppedAt: execution.stopDate.toISOString() } : {}) };
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  }
}
