/**
 * The one error vocabulary of Orderly. Business code throws these; the HTTP edge maps `kind` to a status
 * in exactly one place. `code` is namespaced (`ORDER.ALREADY_CANCELLED`) so clients can branch on it.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'illegal_state'
  | 'precondition_failed'
  | 'rate_limited'
  | 'unavailable';

export type FieldError = { readonly field: string; readonly message: string };

export class OrderlyError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: { readonly errors?: readonly FieldError[]; readonly [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command that breaks a business rule in the current state (e.g. cancelling a completed order). */
export class IllegalStateError extends OrderlyError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super('illegal_state', code, message, details);
  }
}

export class ValidationError extends OrderlyError {
  constructor(code: string, message: string, errors: readonly FieldError[] = []) {
    super('validation', code, message, { errors });
  }
}

export class NotFoundError extends OrderlyError {
  constructor(code: string, message: string) {
    super('not_found', code, message);
  }
}

export class ForbiddenError extends OrderlyError {
  constructor(code: string, message: string) {
    super('forbidden', code, message);
  }
}

export class ConflictError extends OrderlyError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super('conflict', code, message, details);
  }
}
