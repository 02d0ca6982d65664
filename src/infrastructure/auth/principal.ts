export const ROLES = ['customer', 'merchant', 'auditor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, taken from a verified access token. */
export type Principal = Readonly<{ userId: string; roles: readonly Role[] }>;

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
