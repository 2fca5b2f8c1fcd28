import { deCoordinator } from './coordinator/de.ts';
import type { PageTexts } from './keys.ts';

/** Die Wörter der Seiten für Mitarbeitende, auf Deutsch. */
export const dePages: PageTexts = {
  ...deCoordinator,
  'staff.nav.label': 'Hauptmenü',
  'staff.nav.board': 'Übersicht',
  'staff.nav.accompaniments': 'Begleitungen',
  'staff.nav.referrals': 'Überweisungen',
  'staff.nav.people': 'Personen',
  'staff.nav.notifications': 'Benachrichtigungen',
  'staff.nav.directory': 'Verzeichnis',
  'staff.nav.staff': 'Mitarbeitende',
  'staff.nav.organisations': 'Organisationen',
  'staff.nav.invite': 'Mitarbeitende einladen',
  'staff.signed_in_as': 'Angemeldet als {sub} · {org}',
  'staff.sign_out': 'Abmelden',
  'staff.language': 'Sprache',
  'staff.language.change': 'Sprache ändern',
  'staff.skip': 'Zum Inhalt springen',
  'staff.front.title': 'Willkommen',
  'staff.front.lead':
    'Relais koordiniert Überweisungen und Begleitungen für aufsuchende Dienste: Es bietet jede Überweisung Fachleuten an, die sie übernehmen können, und begleitet die Person bis zum Termin und seinem Ergebnis.',
  'staff.front.staff':
    'Mitarbeitende melden sich an, um ihre Begleitungen oder die Übersicht dessen zu sehen, was jemanden braucht.',
  'staff.front.sign_in': 'Anmelden',
  'staff.sign_in.title': 'Anmelden',
  'staff.sign_in.provider': 'Mit dem Konto Ihrer Organisation anmelden',
  'staff.sign_in.token': 'Mitarbeiter-Token',
  'staff.sign_in.submit': 'Anmelden',
  'staff.sign_in.bad_token': 'Dieses Token ist ungültig oder abgelaufen.',
  'staff.sign_in.retry': 'Die Anmeldung wurde nicht abgeschlossen. Bitte versuchen Sie es erneut.',
  'staff.sign_in.refused':
    'Ihr Konto konnte nicht bei Relais angemeldet werden. Wenden Sie sich an eine Administratorin oder einen Administrator.',
  'staff.sign_in.signed_in': 'Angemeldet',
  'staff.sign_in.continue': 'Weiter',
  'staff.sign_in.signing_out': 'Abmeldung',
  'staff.sign_in.finish_sign_out': 'Abmeldung abschließen',
  'staff.dev.title': 'Entwickler-Anmeldung',
  'staff.dev.lead': 'Nur im lokalen Modus: als Demo-Mitarbeiterin oder Demo-Mitarbeiter anmelden.',
  'staff.dev.user': 'Organisation und Rolle',
  'staff.dev.submit': 'Als diese Person anmelden',
  'staff.dev.unknown': 'Diese Demo-Person gibt es nicht.',
  'staff.error.title': 'Etwas ist schiefgelaufen',
  'staff.error.back': 'Zurück',
};
