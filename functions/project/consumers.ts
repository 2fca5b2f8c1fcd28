import type { Consumer } from '../consumers/dispatch.ts';
import { escalationBoard } from '../consumers/escalation-board.ts';
import { projectSpecialistLoad } from '../consumers/project-specialist-load.ts';
import { statsProjection } from '../consumers/stats-projection.ts';
import { tellAccompaniment } from '../consumers/tell-accompaniment.ts';
import type { Deps } from '../lib/deps.ts';

/**
 * The consumers the project function runs on AWS: the projections (board, stats, specialist load,
 * feeds), which only write the table. See functions/consumers/groups.ts.
 */
export const PROJECT_CONSUMERS: readonly Consumer<Deps>[] = [
  projectSpecialistLoad,
  escalationBoard,
  statsProjection,
  tellAccompaniment,
];
