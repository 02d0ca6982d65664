import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_KINDS } from '../../../application/audit/entities';

// Query strings arrive as text: shapes are checked here, numbers and dates converted by queryParams.ts.
const COUNT = /^[1-9][0-9]{0,4}$/;
const REVISION = /^[0-9]{1,18}$/;
const EVENT_TYPES = /^[A-Za-z][A-Za-z0-9]{0,99}(,[A-Za-z][A-Za-z0-9]{0,99}){0,49}$/;
const TOKEN = /^p1\.[0-9a-z]{1,14}\.[0-9a-z]{1,14}$/;
const ISO = { strict: true, strictSeparator: true };

export class StreamHistoryQuery {
  @IsOptional() @Matches(REVISION, { message: 'must be a revision number' }) fromRevision?: string;
  @IsOptional() @Matches(COUNT, { message: 'must be a positive integer' }) limit?: string;
}

export class EventRangeQuery {
  @IsOptional() @Matches(TOKEN, { message: 'must be a position token' }) after?: string;
  @IsOptional() @Matches(TOKEN, { message: 'must be a position token' }) upTo?: string;
  @IsOptional() @Matches(EVENT_TYPES, { message: 'must be event types separated by commas' }) types?: string;
  @IsOptional() @IsISO8601(ISO) since?: string;
  @IsOptional() @IsISO8601(ISO) until?: string;
}

export class EventPageQuery extends EventRangeQuery {
  @IsOptional() @Matches(COUNT, { message: 'must be a positive integer' }) limit?: string;
}

export class StateAsOfQuery {
  @IsOptional() @Matches(REVISION, { message: 'must be a revision number' }) revision?: string;
  @IsOptional() @IsISO8601(ISO) at?: string;
}

export class EntityParams {
  @IsIn(ENTITY_KINDS) kind!: (typeof ENTITY_KINDS)[number];
  @IsString() @Matches(/^[A-Za-z0-9-]{1,100}$/, { message: 'must be an entity id' }) id!: string;
}

export class CorrelationQuery {
  @IsOptional() @Matches(TOKEN, { message: 'must be a position token' }) after?: string;
  @IsOptional() @Matches(COUNT, { message: 'must be a positive integer' }) limit?: string;
}

export class StreamParams {
  @IsString()
  @MaxLength(300)
  @Matches(/^[^$\p{Cc}][^\p{Cc}]*$/u, { message: 'must be a stream name' })
  streamName!: string;
}
