import type { PageTexts } from './keys.ts';
import { organisationsTexts } from './organisations.ts';
import { referralTexts } from './referral.ts';

/** De woorden van de personeelspagina's, in het Nederlands. */
export const nlPages: PageTexts = {
  'staff.nav.label': 'Hoofdmenu',
  'staff.nav.board': 'Overzicht',
  'staff.nav.accompaniments': 'Begeleidingen',
  'staff.nav.referrals': 'Doorverwijzingen',
  'staff.nav.people': 'Personen',
  'staff.nav.notifications': 'Meldingen',
  'staff.nav.directory': 'Adresboek',
  'staff.nav.staff': 'Medewerkers',
  'staff.nav.organisations': 'Organisaties',
  'staff.nav.invite': 'Medewerker uitnodigen',
  'staff.signed_in_as': 'Aangemeld als {sub} · {org}',
  'staff.sign_out': 'Afmelden',
  'staff.language': 'Taal',
  'staff.language.change': 'Taal wijzigen',
  'staff.skip': 'Naar de inhoud',
  'staff.front.title': 'Welkom',
  'staff.front.lead':
    'Relais coördineert doorverwijzingen en begeleidingen voor outreachdiensten: het biedt elke doorverwijzing aan specialisten aan die haar kunnen aannemen, en volgt de persoon tot de afspraak en de uitkomst ervan.',
  'staff.front.staff':
    'Medewerkers melden zich aan om hun begeleidingen te zien of het overzicht van wat iemand nodig heeft.',
  'staff.front.sign_in': 'Aanmelden',
  'staff.sign_in.title': 'Aanmelden',
  'staff.sign_in.provider': 'Aanmelden met het account van uw organisatie',
  'staff.sign_in.token': 'Medewerkerstoken',
  'staff.sign_in.submit': 'Aanmelden',
  'staff.sign_in.bad_token': 'Dit token is ongeldig of verlopen.',
  'staff.sign_in.retry': 'Het aanmelden is niet gelukt. Probeer het opnieuw.',
  'staff.sign_in.refused': 'Uw account kon niet bij Relais worden aangemeld. Vraag het een beheerder.',
  'staff.sign_in.signed_in': 'Aangemeld',
  'staff.sign_in.continue': 'Doorgaan',
  'staff.sign_in.signing_out': 'Afmelden',
  'staff.sign_in.finish_sign_out': 'Afmelden voltooien',
  'staff.dev.title': 'Ontwikkelaarsaanmelding',
  'staff.dev.lead': 'Alleen in lokale modus: aanmelden als demomedewerker.',
  'staff.dev.user': 'Organisatie en rol',
  'staff.dev.submit': 'Aanmelden als deze persoon',
  'staff.dev.unknown': 'Deze demomedewerker bestaat niet.',
  'staff.error.title': 'Er is iets misgegaan',
  'staff.error.back': 'Terug',
  ...organisationsTexts.nl,
  ...referralTexts.nl,
};
