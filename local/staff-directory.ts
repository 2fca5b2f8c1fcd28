import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import type { Mailer } from '../domain/ports.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/referral/model.ts';
import type { DemoStaffMember, DevHooks } from '../functions/lib/deps.ts';
import type { StaffInvitation, StaffInvitations } from '../functions/ports/staff-invitations.ts';
import { escapeHtml } from '../functions/ui/html.ts';
import { DEMO_ORGANISATIONS } from './demo-network.ts';

/**
 * The staff of the one-machine runtime, for the dev sign-in: one demo member per organisation and
 * role (`<role>-<org>`, the `sub` `npm run token` uses by default), and whoever an admin invites from
 * `/app/staff/invite`. An invitation adds the member (kept in `<data>/staff.json` when given a file, so
 * they survive a restart) and writes the invitation email to the outbox, as Cognito would send it
 * deployed.
 */
export interface LocalStaffDirectory extends StaffInvitations {
  readonly staff: NonNullable<DevHooks['staff']>;
}

const invited = z.array(
  z.object({
    sub: z.string(),
    org: z.string(),
    roles: z.array(z.enum(STAFF_ROLES)),
    email: z.optional(z.string()),
  }),
);

export function createLocalStaffDirectory(options: {
  readonly mailer: Mailer;
  /** Where the sign-in page is, for the invitation email. */
  readonly publicUrl: string;
  /** Signs a local-issuer token for a member (the dev sign-in then signs in with it). */
  readonly sign: (member: DemoStaffMember) => Promise<string>;
  readonly file?: string;
}): LocalStaffDirectory {
  const demo: DemoStaffMember[] = DEMO_ORGANISATIONS.flatMap((org) =>
    STAFF_ROLES.map((role) => ({ sub: `${role}-${org.id}`, org: org.id, roles: [role] })),
  );
  const members: DemoStaffMember[] =
    options.file && existsSync(options.file)
      ? invited.parse(JSON.parse(readFileSync(options.file, 'utf8')))
      : [];
  const all = () => [...demo, ...members];

  return {
    staff: {
      list: async () => all(),
      tokenFor: async (sub) => {
        const member = all().find((m) => m.sub === sub);
        return member ? options.sign(member) : undefined;
      },
    },
    async invite(invitation: StaffInvitation) {
      const email = invitation.email.toLowerCase();
      if (members.some((m) => m.email === email)) return 'exists';
      const roles: StaffRole[] = [...new Set(invitation.roles)];
      members.push({ sub: email, org: invitation.org, roles, email });
      if (options.file) writeFileSync(options.file, JSON.stringify(members, null, 2), { mode: 0o600 });
      const signIn = `${options.publicUrl}/app/sign-in`;
      await options.mailer.send({
        to: email,
        subject: 'You are invited to Relais',
        text:
          `You have been invited to Relais for ${invitation.org} (${roles.join(', ')}).\n\n` +
          `Sign in at ${signIn} (locally: the dev sign-in lists you as ${email}).\n`,
        html:
          `<p>You have been invited to Relais for ${escapeHtml(invitation.org)} (${escapeHtml(roles.join(', '))}).</p>` +
          `<p>Sign in at <a href="${escapeHtml(signIn)}">${escapeHtml(signIn)}</a> ` +
          `(locally: the dev sign-in lists you as ${escapeHtml(email)}).</p>`,
      });
      return 'invited';
    },
  };
}
