import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

/**
 * The typed client a mobile team would generate from /openapi.json: paths, bodies, parameters and answers
 * are checked at compile time against test/support/api/schema.ts.
 */
export const createApiClient = (baseUrl: string, accessToken?: () => string | undefined): ApiClient => {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest: ({ request }) => {
      const token = accessToken?.();
      if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
};
