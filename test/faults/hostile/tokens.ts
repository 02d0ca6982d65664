import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

const ISSUER = 'orderly';
const AUDIENCE = 'orderly-mobile';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens an attacker could present: missing, malformed, signed with a guessed secret, unsigned
 * (`alg: none`), expired (signed with the real secret), for the wrong audience, with invented roles.
 */
export const forgedAuthorizations = (
  secret: string,
  victimUserId: string,
): readonly (string | undefined)[] => {
  const claims = { roles: ['admin'], sub: victimUserId };
  const now = Math.floor(Date.now() / 1000);
  return [
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${'a'.repeat(5000)}`,
    'Bearer not.a.jwt',
    'Bearer ..',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.',
    `Bearer ${jwt.sign(claims, 'guessed-secret-guessed-secret-guessed', { issuer: ISSUER, audience: AUDIENCE })}`,
    `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: ISSUER, aud: AUDIENCE })}.`,
    `Bearer ${jwt.sign({ ...claims, exp: now - 60 }, secret, { issuer: ISSUER, audience: AUDIENCE })}`,
    `Bearer ${jwt.sign(claims, secret, { issuer: ISSUER, audience: 'someone-else' })}`,
    `Bearer ${jwt.sign(claims, secret, { issuer: 'evil', audience: AUDIENCE })}`,
    `Bearer ${jwt.sign({ roles: ['superuser'], sub: victimUserId }, secret, { issuer: ISSUER, audience: AUDIENCE })}`,
    `Bearer ${jwt.sign({ roles: 'admin' }, secret, { issuer: ISSUER, audience: AUDIENCE, subject: randomUUID() })}`,
    `Bearer ${jwt.sign({ roles: ['customer'] }, secret, { issuer: ISSUER, audience: AUDIENCE })}`,
    `Bearer ${jwt.sign({ ...claims, nbf: now + 3600 }, secret, { issuer: ISSUER, audience: AUDIENCE })}`,
  ];
};
