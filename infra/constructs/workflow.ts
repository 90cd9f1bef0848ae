import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionId } from '../model/functions.ts';
import { grantRegistry, type RegistryRef } from './registry-access.ts';
import { readDefinition, stateMachineName, workflows, type WorkflowId } from '../../workflows/index.ts';

export interface WorkflowProps {
  readonly id: WorkflowId;
  readonly prefix: string;
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
  readonly registry: RegistryRef;
}

/**
 * A state machine built from its ASL file in `workflows/`, with the declared substitutions, full logging
 * (without execution data: inputs may hold task tokens) and X-Ray tracing. Its role gets exactly the actions
 * the catalogue lists for the definition, on this stack's resources.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const declaration = workflows[props.id];
    const name = stateMachineName(props.id, props.prefix);
    const substitutions: Record<string, string> = Object.fromEntries(
      Object.entries(declaration.functions).map(([placeholder, fn]) => [placeholder, props.functions[fn].functionArn]),
    );
    if ('registryTablePlaceholder' in declaration) substitutions[declaration.registryTablePlaceholder] = props.registry.table.tableName;
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      // Inline (not an S3 asset) so the template shows the exact definition that runs.
      definitionBody: DefinitionBody.fromString(readDefinition(props.id)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { logGroupName: `/aws/vendedlogs/states/${name}`, retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    const invoked = [...new Set(Object.values(declaration.functions))].map((fn) => props.functions[fn].functionArn);
    if (invoked.length > 0) {
      // Unqualified ARNs only (grantInvoke would add `:*` for every version and alias).
      this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: invoked }));
    }

    const stack = Stack.of(this);
    const actions = declaration.serviceActions as readonly string[];
    const tableActions = actions.filter((a) => a.startsWith('dynamodb:'));
    if (tableActions.length > 0) grantRegistry(this.stateMachine, props.registry, tableActions, { indexes: false });
    const callbackActions = actions.filter((a) => a.startsWith('states:Send'));
    if (callbackActions.length > 0) {
      // Answers only its own tasks. The ARN is built from the name, since a reference would make the role depend on itself.
      const ownArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: callbackActions, resources: [ownArn] }));
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) support no resource-level permissions.',
    });
  }
}
