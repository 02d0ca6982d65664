import { ANALYTICS_OPERATIONS } from './analyticsOperations';
import { AUDIT_OPERATIONS } from './auditOperations';
import { COMMAND_OPERATIONS } from './commandOperations';
import { buildOpenApiDocument, type OpenApiDocument } from './document';
import { NOTIFICATION_OPERATIONS, NOTIFICATION_SCHEMAS } from './notificationOperations';
import { OPERATIONAL_OPERATIONS } from './operationalOperations';
import { QUERY_OPERATIONS } from './queryOperations';
import { OPERATIONS_OPERATIONS } from './operationsOperations';
import { RESPONSE_SCHEMAS } from './schemas';
import type { OperationSpec } from './spec';
import { VIEW_SCHEMAS } from './viewSchemas';

/** Every endpoint of the API, grouped as the routers are. */
export const API_OPERATIONS: readonly OperationSpec[] = [
  ...COMMAND_OPERATIONS,
  ...QUERY_OPERATIONS,
  ...OPERATIONS_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...ANALYTICS_OPERATIONS,
  ...OPERATIONAL_OPERATIONS,
];

export const API_VERSION = '1.0.0';

/** The document served at /openapi.json and used to generate the typed client. */
export const orderlyOpenApiDocument = (): OpenApiDocument =>
  buildOpenApiDocument(
    API_OPERATIONS,
    { version: API_VERSION },
    { ...RESPONSE_SCHEMAS, ...VIEW_SCHEMAS, ...NOTIFICATION_SCHEMAS },
  );
