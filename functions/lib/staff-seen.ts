import type { Logger } from '../ports/logger.ts';
import type { StaffPrincipal } from '../ports/staff.ts';
import type { StaffSeen } from '../ports/staff-seen.ts';

/**
 * Records a signed-in staff member in their organisation's staff list: for every verified token
 * (compose.ts wraps the verifier) and for the identity provider's sign-in (pages/session.ts), so that
 * someone who signed in once can be chosen by name. A failure to record is logged and never turns the
 * caller away.
 */
export async function noteStaffSeen(
  deps: { readonly staffSeen: StaffSeen; readonly logger: Logger },
  principal: StaffPrincipal,
): Promise<void> {
  try {
    await deps.staffSeen.seen(principal);
  } catch (err) {
    deps.logger.warn('staff not recorded as seen', { error: err instanceof Error ? err.name : 'unknown' });
  }
}
