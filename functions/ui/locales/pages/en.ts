import { enCoordinator } from './coordinator/en.ts';
/**
 * The staff pages' words in English (spread into locales/en.ts, so one catalogue holds every text; each
 * locale's pages/<locale>.ts has the same keys, which the types and a test check).
 */
export const enPages = {
  ...enCoordinator,
  'staff.nav.label': 'Main',
  'staff.nav.board': 'Board',
  'staff.nav.accompaniments': 'Accompaniments',
  'staff.nav.referrals': 'Referrals',
  'staff.nav.people': 'People',
  'staff.nav.notifications': 'Notifications',
  'staff.nav.directory': 'Directory',
  'staff.nav.staff': 'Staff',
  'staff.nav.organisations': 'Organisations',
  'staff.nav.invite': 'Invite staff',
  'staff.signed_in_as': 'Signed in as {sub} · {org}',
  'staff.sign_out': 'Sign out',
  'staff.language': 'Language',
  'staff.language.change': 'Change language',
  'staff.skip': 'Skip to content',
  'staff.front.title': 'Welcome',
  'staff.front.lead':
    'Relais coordinates referrals and accompaniments for outreach services: it offers each referral to specialists who can take it, and follows the person to the appointment and its outcome.',
  'staff.front.staff':
    'Staff sign in to see the accompaniments they look after or the board of what needs someone.',
  'staff.front.sign_in': 'Sign in',
  'staff.sign_in.title': 'Sign in',
  'staff.sign_in.provider': 'Sign in with your organisation account',
  'staff.sign_in.token': 'Staff token',
  'staff.sign_in.submit': 'Sign in',
  'staff.sign_in.bad_token': 'That token is not valid or has expired.',
  'staff.sign_in.retry': 'Signing in did not complete. Please try again.',
  'staff.sign_in.refused': 'Your account could not be signed in to Relais. Ask an administrator.',
  'staff.sign_in.signed_in': 'Signed in',
  'staff.sign_in.continue': 'Continue',
  'staff.sign_in.signing_out': 'Signing out',
  'staff.sign_in.finish_sign_out': 'Finish signing out',
  'staff.dev.title': 'Dev sign-in',
  'staff.dev.lead': 'Local mode only: sign in as a demo staff member.',
  'staff.dev.user': 'Organisation and role',
  'staff.dev.submit': 'Sign in as this user',
  'staff.dev.unknown': 'No such demo staff member.',
  'staff.error.title': 'Something went wrong',
  'staff.error.back': 'Back',
} as const;
