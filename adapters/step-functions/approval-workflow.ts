import { ExecutionAlreadyExists, InvalidToken, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, TaskDoesNotExist, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { ApprovalWorkflow, TaskCallbacks } from '../../core/approvals/ports.ts';

/** A token that was already answered, has timed out, or belongs to a finished execution: nothing left to wake. */
const isSpent = (error: unknown) => error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken;

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

/** Starts the approval state machine; the execution is named after the request, so a retry cannot start a second one. */
export class StepFunctionsApprovalWorkflow implements ApprovalWorkflow {
  constructor(private readonly options: { client: SFNClient; stateMachineArn: string }) {}

  async start(requestId: string) {
    await this.options.client.send(new StartExecutionCommand({ stateMachineArn: this.options.stateMachineArn, name: requestId, input: JSON.stringify({ requestId }) })).catch((error: unknown) => {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    });
  }
}
