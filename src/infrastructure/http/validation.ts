import { plainToInstance } from 'class-transformer';
import { type ValidationError as ClassValidatorError, validateSync } from 'class-validator';
import { type FieldError, ValidationError } from '../../domain/shared/errors';

type DtoClass<T> = new () => T;

const flatten = (errors: readonly ClassValidatorError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * The HTTP edge's one gate: plain JSON → a DTO instance, unknown fields rejected, every field checked.
 * Anything that is not an object (an array, a string, null) is refused before class-validator sees it.
 */
export const parseDto = <T extends object>(
  dto: DtoClass<T>,
  input: unknown,
  where: 'body' | 'query' = 'body',
): T => {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError('REQUEST.INVALID_BODY', `The request ${where} must be a JSON object.`, [
      { field: where, message: 'must be an object' },
    ]);
  }
  const instance = plainToInstance(dto, input, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw new ValidationError(
      'REQUEST.VALIDATION_FAILED',
      `The request ${where} is invalid.`,
      flatten(errors),
    );
  }
  return instance;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const param = (value: unknown, name: string, pattern: RegExp, message: string): string => {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ValidationError('REQUEST.INVALID_PATH', `The path parameter ${name} ${message}.`, [
      { field: name, message },
    ]);
  }
  return value;
};

/** Path ids are checked like bodies: a malformed id is a 400, never a lookup. */
export const uuidParam = (value: unknown, name: string): string =>
  param(value, name, UUID, 'must be a UUID').toLowerCase();

export const skuParam = (value: unknown, name = 'sku'): string =>
  param(value, name, SKU, 'must be 1-64 letters, digits, dots, dashes or underscores');
