import type { AddressInfo } from 'node:net';
import { awsEndpointHandler, type EndpointServices } from '../../local/aws/endpoint.ts';
import type { LocalIam } from '../../local/aws/iam.ts';
import { closeServer, listen } from '../../local/http.ts';
import { assertLoopback } from './clients.ts';

/** The services a standalone endpoint can be given; the others are never reached by the test using it. */
type TwinServices = Partial<Pick<EndpointServices, 'secretsManager' | 'kms' | 's3' | 'events'>>;

/**
 * The local AWS endpoint on a port of its own with only the twins a test gives it, for the twins' own tests.
 * The test's credentials are the operator's, so IAM lets every call through (the twins' own refusals stay).
 */
export async function standaloneEndpoint(name: string, twins: TwinServices): Promise<{ endpoint: string; close(): Promise<void> }> {
  const unused = {} as never;
  const operatorOnly = { principalOf: () => undefined, authorize: () => undefined, arn: (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}` } as unknown as LocalIam;
  const services: EndpointServices = { secretsManager: unused, stepFunctions: unused, ses: unused, events: unused, kms: unused, s3: unused, lambda: unused, ...twins, iam: operatorOnly, mailIdentityOf: (address) => address, control: async () => undefined };
  const server = await listen(name, '127.0.0.1', 0, awsEndpointHandler(services));
  return { endpoint: assertLoopback(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), close: () => closeServer(server) };
}
