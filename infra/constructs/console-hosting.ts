import { Duration, Fn, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { accessLogBucket } from './access-logs.ts';
import { Construct } from 'constructs';
import { CONSOLE_API_PREFIX, contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, LINK_PAGE_PREFIXES, type ConsoleConfig } from '../../declarations/console.ts';

export interface ConsoleHostingProps {
  readonly api: HttpApi;
  /** The built console (scripts/console-build.ts). */
  readonly assets: string;
  readonly config: Omit<ConsoleConfig, 'apiBase'>;
  /** A custom domain with its ACM certificate (in us-east-1): without one, CloudFront's own domain is used. */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /** A WAF web ACL (scope CLOUDFRONT) to put in front of the console and the API. */
  readonly webAclArn?: string;
}

/**
 * The console on AWS: a private bucket behind CloudFront (origin access control), with the HTTP API and the
 * email-link pages behind the same distribution, so the console, its API and its links share one origin (no
 * CORS, no token sent anywhere else). The same paths and headers as the local console server
 * (declarations/console.ts).
 */
export class ConsoleHosting extends Construct {
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const logs = accessLogBucket(this, { days: 365, of: 'the console and its own bucket' });
    const site = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Steward console: strict CSP, no framing, HSTS',
      securityHeadersBehavior: {
        // Not overriding: the link pages send a stricter policy of their own; the console's files get this one.
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.config), override: false },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        // Not overriding: the link pages need same-origin (with no-referrer a browser posts their form as Origin: null).
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: false },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
      },
    });
    // A path without a file extension is a page of the single-page app: the bucket has only index.html for it.
    const spaIndex = new CloudFrontFunction(this, 'SpaIndex', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serves index.html for the console routes',
      code: FunctionCode.fromInline('function handler(event) { var r = event.request; if (!/\\.[a-zA-Z0-9]+$/.test(r.uri)) r.uri = "/index.html"; return r; }'),
    });
    // The HTTP API's routes have no /api prefix; CloudFront strips it, as the local console server does.
    const stripApiPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      runtime: FunctionRuntime.JS_2_0,
      comment: `Removes ${CONSOLE_API_PREFIX} before the request reaches the HTTP API`,
      code: FunctionCode.fromInline(`function handler(event) { var r = event.request; r.uri = r.uri.substring(${CONSOLE_API_PREFIX.length}) || "/"; return r; }`),
    });
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
    const apiBehavior = (rewrite: boolean): BehaviorOptions => ({
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Everything the viewer sent (Authorization, the link pages' cookie) except Host, which must be the API's.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      ...(rewrite ? { functionAssociations: [{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
    });
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Steward console, API and email-link pages',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(props.domain ? { domainNames: [props.domain.name], certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn) } : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`${CONSOLE_API_PREFIX}/*`]: apiBehavior(true),
        ...Object.fromEntries(LINK_PAGE_PREFIXES.map((prefix) => [`${prefix}*`, apiBehavior(false)])),
      },
    });
    this.url = `https://${props.domain?.name ?? distribution.distributionDomainName}`;

    const config: ConsoleConfig = { ...props.config, apiBase: CONSOLE_API_PREFIX };
    const deploy = new BucketDeployment(this, 'Deploy', {
      destinationBucket: site,
      sources: [Source.asset(props.assets), Source.jsonData('console-config.json', config)],
      distribution,
      distributionPaths: ['/index.html', '/console-config.json'],
      memoryLimit: 512,
    });

    // CDK's bucket-deployment custom resource: one Lambda per stack that copies the build in at deploy time.
    const copier = (deploy.handlerRole.node.scope ?? deploy.handlerRole) as Construct;
    for (const [ackId, reason] of [
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', "CDK's bucket-deployment function writes its own logs with the basic execution role."],
      ['AwsSolutions-IAM5[Action::s3:GetObject*]', "CDK's bucket-deployment grant to read the build it copies, from this deploy's asset in the bootstrap bucket."],
      ['AwsSolutions-IAM5[Action::s3:GetBucket*]', "CDK's bucket-deployment grant on the asset and site buckets."],
      ['AwsSolutions-IAM5[Action::s3:List*]', "CDK's bucket-deployment grant to list what it replaces in the site bucket."],
      ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', "CDK's bucket-deployment grant to remove files of the previous build from the site bucket (prune)."],
      ['AwsSolutions-IAM5[Action::s3:Abort*]', "CDK's bucket-deployment grant to abort its own multipart uploads to the site bucket."],
      ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', 'The build is a CDK asset in the bootstrap bucket; CDK names it only at publish time.'],
      [`AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(site.node.defaultChild as CfnElement)}.Arn>/*]`, 'Every file of the console lives under the site bucket; the function replaces them all.'],
      ['AwsSolutions-IAM5[Resource::*]', 'cloudfront:CreateInvalidation has no resource-level permission narrower than the distribution it is told at deploy time.'],
      ['AwsSolutions-L1', "CDK's bucket-deployment function pins the Python runtime its code was built for; CDK upgrades it with aws-cdk-lib."],
    ] as const) {
      Validations.of(copier).acknowledge({ id: ackId, reason });
    }
    const nag = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    if (!props.webAclArn) nag('AwsSolutions-CFR2', 'No web ACL is configured (context webAclArn); the API behind it has its own throttling and JWT authorizer. Set webAclArn to put AWS WAF in front.');
    nag('AwsSolutions-CFR1', 'Steward serves a company\'s own staff wherever they work; a geo restriction would lock travelling staff out. Add one with a WAF rule if your policy wants it.');
    if (!props.domain) nag('AwsSolutions-CFR4', 'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS floor cannot be raised; TLSv1.2_2021 applies as soon as context consoleDomain and consoleCertificateArn are set.');
  }
}
