import { Validations } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionId } from '../../declarations/functions.ts';
import { routes } from '../../declarations/routes.ts';

export interface StewardHttpApiProps {
  /** The company identity provider that issues the API's bearer tokens. */
  readonly jwtIssuer: string;
  readonly jwtAudience: readonly string[];
}

/**
 * The HTTP API, one route per entry of the shared route table, with access logs on the default stage. The
 * API exists before its routes, so functions can be told its URL (for the links they email) without a cycle.
 */
export class StewardHttpApi extends Construct {
  readonly api: HttpApi;
  private readonly authorizer: IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: StewardHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Steward governance API' });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        principal: '$context.authorizer.claims.sub',
        error: '$context.integrationErrorMessage',
      }),
    };
    this.authorizer = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, { jwtAudience: [...props.jwtAudience] });
  }

  /** Adds every declared route, each integrated with its function. */
  addRoutes(functions: Readonly<Record<FunctionId, IFunction>>) {
    const authorizer = this.authorizer;
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, functions[route.function]);
        integrations.set(route.function, integration);
      }
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.auth === 'jwt' ? { authorizer } : {}),
      });
      if (route.auth === 'none') {
        Validations.of(created!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (declared auth: 'none' in declarations/routes.ts): a liveness probe or a page reached from a signed email link that carries its own authorization.`,
        });
      }
    }
  }
}
