import { type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import type { OpenApiDocument } from './document';

const UI_OPTIONS = {
  customSiteTitle: 'Orderly API',
  // The default validator badge loads an image from validator.swagger.io: nothing leaves this origin.
  swaggerOptions: { validatorUrl: null, persistAuthorization: false },
};

/**
 * Swagger UI runs from its own files on this origin with inline styles; the global policy's
 * upgrade-insecure-requests would break "Try it out" over plain HTTP, so /docs gets its own policy.
 */
const docsPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/** `GET /openapi.json` and the interactive docs at `/docs/` (its assets under it); mount before the routers. */
export const openApiHandlers = (document: OpenApiDocument): RequestHandler[] => {
  const json = JSON.stringify(document);
  const page = swaggerUi.setup(document, UI_OPTIONS);
  const router = Router()
    .get('/openapi.json', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('application/json').send(json);
    })
    .use('/docs', docsPolicy, ...swaggerUi.serveFiles(document, UI_OPTIONS))
    .get('/docs', (req, res) => {
      // The page loads its assets by relative URL, so it must be served from /docs/.
      if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, '/docs/');
      page(req, res, () => undefined);
    });
  return [router];
};
