import type { Deps } from '../lib/deps.ts';

/** The address of a link page: `<publicBaseUrl>/o/<token>`. */
export const linkUrl = (deps: Pick<Deps, 'settings'>, token: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/o/${token}`;

/** An outcome link works until a week after the appointment. */
export const OUTCOME_LINK_DAYS = 7;
