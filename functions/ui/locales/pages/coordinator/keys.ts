import type { enCoordinator } from './en.ts';

/** Every key of the coordinator's pages: the English file names them, each other locale has them all. */
export type CoordinatorTexts = Readonly<Record<keyof typeof enCoordinator, string>>;
