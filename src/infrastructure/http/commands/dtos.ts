import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

// Shapes and ranges are checked here, at the edge; business rules stay in the deciders.
const MAX_AMOUNT_MINOR = 1_000_000_000;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

export class RegisterUserDto {
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @IsString() @MinLength(10) @MaxLength(200) password!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters' })
  displayName!: string;
  @IsIn(['customer', 'merchant']) role!: 'customer' | 'merchant';
}

export class LoginDto {
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class RefreshTokenDto {
  @IsString() @MinLength(20) @MaxLength(200) refreshToken!: string;
}

export class RegisterDeviceDto {
  @IsUUID('all') deviceId!: string;
  @IsIn(['ios', 'android', 'web']) platform!: 'ios' | 'android' | 'web';
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters' })
  pushToken!: string;
}

export class GrantRoleDto {
  @IsIn(['customer', 'merchant', 'auditor', 'analyst', 'admin']) role!:
    'customer' | 'merchant' | 'auditor' | 'analyst' | 'admin';
}

export class ListProductDto {
  @Matches(SKU, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' }) sku!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters' })
  name!: string;
  @IsInt() @Min(1) @Max(MAX_AMOUNT_MINOR) priceMinor!: number;
}

export class ChangePriceDto {
  @IsInt() @Min(1) @Max(MAX_AMOUNT_MINOR) priceMinor!: number;
}

export class OrderItemDto {
  @Matches(SKU, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' }) sku!: string;
  @IsInt() @Min(1) @Max(1000) quantity!: number;
}

export class PlaceOrderDto {
  @IsUUID('all') orderId!: string;
  @IsUUID('all') merchantId!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];
}

export class ReasonDto {
  // Absent is fine; null is not a reason.
  @ValidateIf((_dto: unknown, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters' })
  reason?: string;
}

export class RequiredReasonDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters' })
  reason!: string;
}

export class TopUpDto {
  @IsInt() @Min(1) @Max(MAX_AMOUNT_MINOR) amountMinor!: number;
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be visible ASCII' })
  externalReference!: string;
}
