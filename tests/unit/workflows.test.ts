import { describe, expect, it } from 'vitest';
import aslValidator from 'asl-validator';
import { functionIds } from '../../declarations/functions.ts';
import { renderDefinition, stateMachineName, workflowIds, workflows, type WorkflowDeclaration } from '../../workflows/index.ts';
import { prepareDefinition, taskResources } from '../../local/aws/step-functions/definition.ts';
import { resolveResource } from '../../local/aws/step-functions/integrations.ts';

const localSubstitutions = (id: (typeof workflowIds)[number]) => {
  const declaration = workflows[id];
  const values: Record<string, string> = Object.fromEntries(
    Object.keys(declaration.functions).map((placeholder) => [placeholder, `arn:aws:lambda:us-east-1:000000000000:function:steward-${placeholder}`]),
  );
  if ('registryTablePlaceholder' in declaration) values[declaration.registryTablePlaceholder] = 'steward-registry';
  for (const [placeholder, child] of Object.entries((declaration as WorkflowDeclaration).children ?? {})) values[placeholder] = `arn:aws:states:us-east-1:000000000000:stateMachine:${stateMachineName(child)}`;
  return values;
};

describe.each(workflowIds)('workflow %s', (id) => {
  const definition = JSON.parse(renderDefinition(id, localSubstitutions(id)));

  it('is valid Amazon States Language (asl-validator, ARNs and paths checked)', () => {
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('calls only resources the local cloud can run', () => {
    const unsupported = taskResources(prepareDefinition(definition).states).filter((r) => !resolveResource(r));
    expect(unsupported).toEqual([]);
  });

  it('names only catalogued Lambdas', () => {
    for (const fn of Object.values(workflows[id].functions)) expect(functionIds).toContain(fn);
  });
});

describe('rendering a definition', () => {
  it('fails loudly on a placeholder without a value, as CloudFormation would', () => {
    expect(() => renderDefinition('canary', {})).toThrow(/no substitution for \$\{/);
  });
});
