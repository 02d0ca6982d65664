import type { Router } from 'express';
import type { Container } from 'inversify';
import type { ReadinessCheck } from '../observability/health';

export const ROLE_NAMES = ['commands', 'queries', 'projector', 'processor', 'publisher', 'notifier'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** What a started role hands back to the process: its HTTP routes, its dependencies, how to stop it. */
export type StartedRole = Readonly<{
  routers?: readonly Router[];
  readiness?: readonly ReadinessCheck[];
  /** Finish the current batch / in-flight work, store checkpoints, release resources. */
  stop?: () => Promise<void>;
}>;

export type RoleStarter = (container: Container) => Promise<StartedRole>;

export const isRoleName = (value: string): value is RoleName =>
  (ROLE_NAMES as readonly string[]).includes(value);
