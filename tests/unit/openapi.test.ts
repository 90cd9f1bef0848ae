import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../declarations/routes.ts';
import { buildConsoleTypes, buildOpenApi, consoleTypesPath, openApiPath } from '../../scripts/openapi.ts';

describe('the OpenAPI document', () => {
  const committed = JSON.parse(readFileSync(openApiPath, 'utf8'));

  it('is what scripts/openapi.ts builds from the code (run npm run openapi after changing a route or schema)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
  });

  it("is what the console's typed client is generated from (run npm run openapi when this fails)", async () => {
    expect(readFileSync(consoleTypesPath, 'utf8')).toBe(await buildConsoleTypes());
    // openapi-typescript takes 2–3 s on a quiet two-core machine and over 5 s beside the local tier's cloud.
  }, 30_000);

  it('describes exactly the routes the gateway and the stack serve', () => {
    const documented = Object.entries(committed.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('is OpenAPI 3.1 with bearer auth on every JWT route and request schemas that refuse unknown fields', () => {
    expect(committed.openapi).toBe('3.1.0');
    for (const route of routes) {
      const operation = committed.paths[route.path][route.method.toLowerCase()];
      expect(operation.security).toEqual(route.auth === 'jwt' ? [{ bearer: [] }] : []);
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (schema?.type === 'object') expect(schema.additionalProperties, `${route.method} ${route.path}`).toBe(false);
    }
  });
});
