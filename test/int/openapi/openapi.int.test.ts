import { validate } from '@readme/openapi-parser';
import { orderlyOpenApiDocument } from '../../../src/infrastructure/http/openapi/operations';
import { ROLE_NAMES } from '../../../src/infrastructure/roles/role';
import { startTestApp, type TestApp } from '../../support/testApp';
import { type MountedRoute, mountedRoutes } from './mountedRoutes';

// Every role in one process, as `npm start` runs it: all routers are mounted.
const ROLES = ROLE_NAMES;
const document = orderlyOpenApiDocument();

const documentedRoutes = (operational: boolean): MountedRoute[] =>
  Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => 'x-operational' in operation === operational)
        .map(([method]): MountedRoute => `${method.toUpperCase()} ${path}`),
    )
    .sort();

describe('the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(ROLES);
  });
  afterAll(() => app.stop());

  it('validates against the OpenAPI 3.1 schema', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
  });

  it('would be refused by the validator if a reference were broken', async () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, object>> };
    broken.paths['/v1/orders']!.post = { responses: { 200: { $ref: '#/components/responses/Nope' } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('documents every route the process mounts, and mounts every route it documents', () => {
    const mounted = mountedRoutes(app.running.server);
    const operational = documentedRoutes(true);
    expect(mounted.filter((route) => !operational.includes(route))).toEqual(documentedRoutes(false));
  });

  it('mounts every documented operational endpoint', async () => {
    const answers = [];
    for (const route of documentedRoutes(true)) {
      answers.push({ route, status: (await app.http().get(route.split(' ')[1]!)).status });
    }
    expect(answers.length).toBeGreaterThanOrEqual(5);
    // Mounted is the point here: /readyz may well be 503 while a dependency connects.
    expect(answers.filter(({ status }) => status === 404)).toEqual([]);
  });

  it('serves Swagger UI at /docs/ under a policy that lets it load its own assets only', async () => {
    await app.http().get('/docs').expect(301).expect('Location', '/docs/');
    const page = await app.http().get('/docs/').expect(200);
    const policy = page.headers['content-security-policy'];
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    const init = await app.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"operationId": "placeOrder"');
    await app.http().get('/docs/swagger-ui-bundle.js').expect(200);
    const api = await app.http().get('/v1/no-such-route');
    expect(api.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('serves itself at /openapi.json', async () => {
    const response = await app.http().get('/openapi.json').expect(200);
    expect(response.type).toBe('application/json');
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
