import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';
import { createCheckpointStore } from '../subscriptions/checkpointStore';

// The publisher keeps its checkpoint beside the processor's, under its own name.
const checkpointName = (name: string): string => `publisher:${name}`;

/** The position after which the publisher resumes; undefined before its first confirmed batch. */
export const loadPublisherCheckpoint = (knex: Knex, name: string): Promise<Position | undefined> =>
  createCheckpointStore(knex).load(checkpointName(name));

export const savePublisherCheckpoint = (knex: Knex, name: string, position: Position): Promise<void> =>
  createCheckpointStore(knex).save(checkpointName(name), position);
