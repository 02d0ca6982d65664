import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { ORDER_STEPS } from '../../../projections/orders/migration';

const ORDER_STATUSES = ['placed', ...ORDER_STEPS];
const STATUS_LIST = new RegExp(`^(${ORDER_STATUSES.join('|')})(,(${ORDER_STATUSES.join('|')}))*$`);

/** `?limit=20&cursor=…`: query strings are strings, so numbers are checked by shape. */
export class PageQuery {
  @IsOptional()
  @Matches(/^([1-9]\d?|100)$/, { message: 'must be a whole number from 1 to 100' })
  limit?: string;
  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be a cursor from a previous page' })
  cursor?: string;
}

export class MerchantQueueQuery extends PageQuery {
  @IsOptional()
  @Matches(STATUS_LIST, { message: `must be a comma-separated list of: ${ORDER_STATUSES.join(', ')}` })
  status?: string;
}

export class ParkedEventsQuery {
  @IsOptional() @MaxLength(100) projection?: string;
  @IsOptional()
  @Matches(/^([1-9]\d{0,2}|1000)$/, { message: 'must be a whole number from 1 to 1000' })
  limit?: string;
}

export class IncludeDelistedQuery {
  @IsOptional() @IsIn(['true', 'false']) includeDelisted?: string;
}
