import Ajv2020 from 'ajv/dist/2020';
import type { Middleware } from 'openapi-fetch';
import type { OpenApiDocument } from '../../../src/infrastructure/http/openapi/document';

type ResponseObject = { $ref?: string; content?: Record<string, { schema?: unknown }> };
type Operation = { responses: Record<string, ResponseObject> };

const DOCUMENT_ID = 'orderly-openapi';

const pointer = (...segments: string[]): string =>
  segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

const templateMatcher = (template: string): RegExp =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

/**
 * Checks real answers against the document: the status must be one the operation lists, and a JSON body
 * must match that response's schema. Collects violations instead of throwing, so a test can assert on all.
 */
export const responseConformance = (document: OpenApiDocument) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...structuredClone(document), $id: DOCUMENT_ID });
  const templates = Object.keys(document.paths).map((path) => ({ path, matcher: templateMatcher(path) }));
  const violations: string[] = [];

  const operationOf = (method: string, pathname: string) => {
    const template = templates.find(({ matcher }) => matcher.test(pathname))?.path;
    const operation = template === undefined ? undefined : document.paths[template]?.[method];
    return operation === undefined ? undefined : { template, operation: operation as Operation };
  };

  const check = async (request: Request, response: Response): Promise<void> => {
    const method = request.method.toLowerCase();
    const found = operationOf(method, new URL(request.url).pathname);
    const where = `${request.method} ${new URL(request.url).pathname} → ${response.status}`;
    if (found === undefined) return void violations.push(`${where}: no such operation`);
    let status = String(response.status);
    let answer = found.operation.responses[status];
    if (answer === undefined) return void violations.push(`${where}: status not documented`);
    let schemaPointer = pointer('#', 'paths', found.template!, method, 'responses', status);
    if (answer.$ref !== undefined) {
      status = answer.$ref.split('/').at(-1)!;
      answer = (document.components.responses as Record<string, ResponseObject>)[status]!;
      schemaPointer = pointer('#', 'components', 'responses', status);
    }
    const mediaType = response.headers.get('Content-Type')?.split(';')[0]?.trim();
    if (mediaType === undefined || !/json$/.test(mediaType)) return;
    if (answer.content?.[mediaType] === undefined)
      return void violations.push(`${where}: ${mediaType} not documented`);
    const validate = ajv.getSchema(`${DOCUMENT_ID}${schemaPointer}/content/${pointer(mediaType)}/schema`);
    const body: unknown = await response.clone().json();
    if (validate !== undefined && !validate(body)) {
      violations.push(
        `${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
      );
    }
  };

  const middleware: Middleware = {
    onResponse: async ({ request, response }) => {
      await check(request, response);
      return response;
    },
  };
  return { middleware, violations };
};
