import { auditIndexProjection } from '../../../src/projections/auditIndex/projection';
import { readModelProjections } from '../../../src/projections/all';
import { devicesProjection } from '../../../src/projections/devices/projection';
import type { Projection } from '../../../src/projections/runner/projection';

/** The read models the projector role keeps (the ones compared with a rebuild after a run). */
export const projectedReadModels = (analyticsSchema: string): Projection[] => [
  ...readModelProjections({ analyticsSchema }),
  devicesProjection,
  auditIndexProjection,
];
