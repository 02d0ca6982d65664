import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AnalyticsRangeQuery {
  @Matches(DAY, { message: 'must be a day (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) from!: string;
  @Matches(DAY, { message: 'must be a day (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) to!: string;
  @IsOptional() @IsUUID() merchantId?: string;
}
