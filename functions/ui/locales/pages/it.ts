import { itCoordinator } from './coordinator/it.ts';
import type { PageTexts } from './keys.ts';

/** Le parole delle pagine del personale, in italiano. */
export const itPages: PageTexts = {
  ...itCoordinator,
  'staff.nav.label': 'Principale',
  'staff.nav.board': 'Bacheca',
  'staff.nav.accompaniments': 'Accompagnamenti',
  'staff.nav.referrals': 'Invii',
  'staff.nav.people': 'Persone',
  'staff.nav.notifications': 'Notifiche',
  'staff.nav.directory': 'Elenco',
  'staff.nav.staff': 'Personale',
  'staff.nav.organisations': 'Organizzazioni',
  'staff.nav.invite': 'Invita personale',
  'staff.signed_in_as': 'Accesso come {sub} · {org}',
  'staff.sign_out': 'Esci',
  'staff.language': 'Lingua',
  'staff.language.change': 'Cambia lingua',
  'staff.skip': 'Vai al contenuto',
  'staff.front.title': 'Benvenuti',
  'staff.front.lead':
    "Relais coordina invii e accompagnamenti per i servizi di prossimità: propone ogni invio agli specialisti che possono accettarlo e segue la persona fino all'appuntamento e al suo esito.",
  'staff.front.staff':
    'Il personale accede per vedere gli accompagnamenti che segue o la bacheca di ciò che ha bisogno di qualcuno.',
  'staff.front.sign_in': 'Accedi',
  'staff.sign_in.title': 'Accesso',
  'staff.sign_in.provider': "Accedi con l'account della tua organizzazione",
  'staff.sign_in.token': 'Token del personale',
  'staff.sign_in.submit': 'Accedi',
  'staff.sign_in.bad_token': 'Questo token non è valido o è scaduto.',
  'staff.sign_in.retry': "L'accesso non è stato completato. Riprova.",
  'staff.sign_in.refused':
    'Non è stato possibile collegare il tuo account a Relais. Rivolgiti a un amministratore.',
  'staff.sign_in.signed_in': 'Accesso effettuato',
  'staff.sign_in.continue': 'Continua',
  'staff.sign_in.signing_out': 'Uscita',
  'staff.sign_in.finish_sign_out': "Completa l'uscita",
  'staff.dev.title': 'Accesso di sviluppo',
  'staff.dev.lead': 'Solo in modalità locale: accedi come membro del personale dimostrativo.',
  'staff.dev.user': 'Organizzazione e ruolo',
  'staff.dev.submit': 'Accedi come questa persona',
  'staff.dev.unknown': 'Questo membro dimostrativo non esiste.',
  'staff.error.title': 'Si è verificato un errore',
  'staff.error.back': 'Indietro',
};
