import { Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionId } from '../../declarations/functions.ts';
import { stateMachineArn, workflowStatements, type Deployment } from '../../declarations/access.ts';
import { policyStatement } from './steward-function.ts';
import { readDefinition, stateMachineName, workflows, type WorkflowDeclaration, type WorkflowId } from '../../workflows/index.ts';

export interface WorkflowProps {
  readonly id: WorkflowId;
  readonly deployment: Deployment;
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
}

/**
 * A state machine built from its ASL file in `workflows/`, with the declared substitutions, full logging
 * (without execution data: inputs may hold task tokens) and X-Ray tracing. Its role holds exactly the
 * statements `declarations/access.ts` computes for its integrations.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const declaration = workflows[props.id];
    const substitutions: Record<string, string> = Object.fromEntries(
      Object.entries(declaration.functions).map(([placeholder, fn]) => [placeholder, props.functions[fn].functionArn]),
    );
    if ('registryTablePlaceholder' in declaration) substitutions[declaration.registryTablePlaceholder] = props.deployment.registry.tableName;
    // A child's ARN is built from its name, so parent and child need no reference to each other.
    for (const [placeholder, child] of Object.entries((declaration as WorkflowDeclaration).children ?? {})) substitutions[placeholder] = stateMachineArn(props.deployment, child);
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: stateMachineName(props.id, props.deployment.prefix),
      stateMachineType: StateMachineType.STANDARD,
      // Inline (not an S3 asset) so the template shows the exact definition that runs.
      definitionBody: DefinitionBody.fromString(readDefinition(props.id)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    for (const statement of workflowStatements(props.deployment, props.id)) this.stateMachine.addToRolePolicy(policyStatement(statement));
    for (const child of Object.values((declaration as WorkflowDeclaration).children ?? {})) {
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName(child, props.deployment.prefix)}:*]`,
        reason: 'startExecution.sync follows the child runs it starts; they are named at run time, and the grant covers executions of that one child state machine.',
      });
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) support no resource-level permissions.',
    });
  }
}
