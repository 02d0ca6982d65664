import type { Principal } from '../auth/principal';

declare global {
  namespace Express {
    interface Locals {
      /** Set by `authenticate` once the access token is verified. */
      principal?: Principal;
    }
  }
}
