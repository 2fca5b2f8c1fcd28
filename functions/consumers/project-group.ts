import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';
import { escalationBoard } from './escalation-board.ts';
import { projectSpecialistLoad } from './project-specialist-load.ts';
import { statsProjection } from './stats-projection.ts';
import { tellAccompaniment } from './tell-accompaniment.ts';
import { tellUndeliverable } from './tell-coordinators.ts';

/**
 * The consumers the project function runs on AWS: the projections (board, stats, specialist load,
 * feeds), which only write the table. See functions/consumers/groups.ts.
 */
export const PROJECT_CONSUMERS: readonly Consumer<Deps>[] = [
  projectSpecialistLoad,
  escalationBoard,
  statsProjection,
  tellAccompaniment,
  tellUndeliverable,
];
