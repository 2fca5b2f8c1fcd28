import { fill } from './catalogue.ts';
import type { Locale } from './messages.ts';

/**
 * The words of a moved appointment (the email, and the page after a specialist moved it through their
 * link) and of "contact through the organisation only", in every locale a specialist may choose.
 */
export const RESCHEDULE_WORDS = {
  en: {
    subject: 'Relais: appointment moved to {when}',
    intro:
      'The appointment below has been moved. The attached calendar invitation replaces the previous one.',
    previous: 'Previously planned for {when}.',
    pageTitle: 'Appointment moved',
    pageBody:
      'The appointment is now on {when}, {place}. An updated calendar invitation is on its way by email.',
    formTitle: 'Move the appointment',
    formWhen: 'New date and time',
    formSubmit: 'Move the appointment',
    doNotContact: 'Please do not contact the person directly: contact goes through {org} only.',
  },
  fr: {
    subject: 'Relais : rendez-vous déplacé au {when}',
    intro:
      "Le rendez-vous ci-dessous a été déplacé. L'invitation de calendrier jointe remplace la précédente.",
    previous: 'Prévu auparavant le {when}.',
    pageTitle: 'Rendez-vous déplacé',
    pageBody:
      'Le rendez-vous a lieu désormais le {when}, {place}. Une invitation de calendrier mise à jour vous est envoyée par e-mail.',
    formTitle: 'Déplacer le rendez-vous',
    formWhen: 'Nouvelle date et heure',
    formSubmit: 'Déplacer le rendez-vous',
    doNotContact:
      'Merci de ne pas contacter la personne directement : le contact passe uniquement par {org}.',
  },
  de: {
    subject: 'Relais: Termin verschoben auf {when}',
    intro: 'Der folgende Termin wurde verschoben. Die beigefügte Kalendereinladung ersetzt die vorherige.',
    previous: 'Bisher geplant für {when}.',
    pageTitle: 'Termin verschoben',
    pageBody:
      'Der Termin findet jetzt am {when} statt, {place}. Eine aktualisierte Kalendereinladung ist per E-Mail unterwegs.',
    formTitle: 'Termin verschieben',
    formWhen: 'Neues Datum und Uhrzeit',
    formSubmit: 'Termin verschieben',
    doNotContact: 'Bitte kontaktieren Sie die Person nicht direkt: Der Kontakt läuft nur über {org}.',
  },
  nl: {
    subject: 'Relais: afspraak verplaatst naar {when}',
    intro: 'De onderstaande afspraak is verplaatst. De bijgevoegde agenda-uitnodiging vervangt de vorige.',
    previous: 'Eerder gepland op {when}.',
    pageTitle: 'Afspraak verplaatst',
    pageBody: 'De afspraak is nu op {when}, {place}. Een bijgewerkte agenda-uitnodiging komt per e-mail.',
    formTitle: 'De afspraak verplaatsen',
    formWhen: 'Nieuwe datum en tijd',
    formSubmit: 'De afspraak verplaatsen',
    doNotContact: 'Neem geen rechtstreeks contact op met de persoon: contact verloopt alleen via {org}.',
  },
  it: {
    subject: 'Relais: appuntamento spostato al {when}',
    intro:
      "L'appuntamento qui sotto è stato spostato. L'invito di calendario allegato sostituisce il precedente.",
    previous: 'Previsto in precedenza il {when}.',
    pageTitle: 'Appuntamento spostato',
    pageBody:
      "L'appuntamento è ora il {when}, {place}. Un invito di calendario aggiornato è in arrivo per e-mail.",
    formTitle: "Spostare l'appuntamento",
    formWhen: 'Nuova data e ora',
    formSubmit: "Spostare l'appuntamento",
    doNotContact: 'Si prega di non contattare direttamente la persona: il contatto passa solo tramite {org}.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type RescheduleWord = keyof (typeof RESCHEDULE_WORDS)['en'];

/** A word of {@link RESCHEDULE_WORDS} with its `{placeholders}` filled (plain text). */
export function rescheduleWord(
  locale: Locale,
  key: RescheduleWord,
  params: Readonly<Record<string, string>> = {},
): string {
  const template: string = (RESCHEDULE_WORDS[locale] ?? RESCHEDULE_WORDS.en)[key];
  return fill(template, params, (s) => s);
}

/**
 * "Please do not contact the person directly: contact goes through <org> only." For every email and
 * page a specialist sees about a person marked `doNotContactDirectly` (offer, confirmation, link pages).
 */
export function contactThroughOrganisationOnly(
  locale: Locale,
  org: { readonly name: string; readonly contact: string },
): string {
  return rescheduleWord(locale, 'doNotContact', {
    org: org.contact ? `${org.name} (${org.contact})` : org.name,
  });
}
