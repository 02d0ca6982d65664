import { streamName } from '../shared/streams';

export const CATALOG_CATEGORY = 'catalog';

/** One catalog stream per merchant holds all of that merchant's products. */
export const catalogStream = (merchantId: string): string => streamName(CATALOG_CATEGORY, merchantId);
