import { startCommands } from './commandsRole';
import { startProcessor } from './processorRole';
import type { RoleName, RoleStarter } from './role';

export const roleStarters: Readonly<Partial<Record<RoleName, RoleStarter>>> = {
  commands: startCommands,
  processor: startProcessor,
};
