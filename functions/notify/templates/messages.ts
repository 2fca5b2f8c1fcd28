import type { Specialist } from '../../../domain/directory/model.ts';
import type { DeclineReason, Specialty, Urgency } from '../../../domain/referral/model.ts';
import { escapeHtml } from './html.ts';

/**
 * The words of specialist emails, link pages and staff notifications, in every locale a specialist may
 * choose. Every locale has every key (the types say so, and a test checks it at run time too); a
 * `{placeholder}` is filled by `t` / `tHtml`, escaped for HTML by the latter.
 */

export const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;
export type Locale = Specialist['locale'];
export const DEFAULT_LOCALE: Locale = 'en';
/** Where the network's specialists practise; times in emails and pages are shown in it. */
export const DEFAULT_TIME_ZONE = 'Europe/Luxembourg';

/** ISO 639 codes (639-3 for Dari) that have a name in every locale; other codes are shown as given. */
export const LANGUAGE_CODES = [
  'pt',
  'fr',
  'en',
  'de',
  'nl',
  'it',
  'es',
  'ar',
  'ru',
  'ro',
  'bg',
  'pl',
  'tr',
  'uk',
  'fa',
  'prs',
  'ps',
  'ti',
  'so',
  'sq',
  'lb',
  'ku',
  'am',
  'sr',
  'hu',
  'el',
  'zh',
  'ur',
  'bn',
  'ln',
  'ka',
  'hy',
] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

const enText = {
  'label.specialty': 'Specialty',
  'label.urgency': 'Urgency',
  'label.languages': 'Languages the person speaks',
  'label.interpreter': 'Interpreter',
  'label.accompaniment': 'Accompaniment',
  'label.referredBy': 'Referred by',
  'label.answerBefore': 'Please answer before',
  'label.when': 'When',
  'label.where': 'Where',
  'value.interpreterNeeded': 'An interpreter is needed',
  'value.interpreterNotNeeded': 'No interpreter needed',
  'value.accompanied': 'An outreach worker comes with the person',
  'value.notAccompanied': 'The person comes on their own',
  'value.languagesUnknown': 'Not specified',
  'email.greeting': 'Hello {name},',
  'email.signature': 'The Relais network',
  'email.personalLink': 'This link is personal: please do not forward this email.',
  'email.noHealthData': 'To protect the person, Relais emails never contain a name or medical details.',
  'offer.subject': 'Relais: appointment request, {specialty} ({urgency})',
  'offer.intro':
    '{org}, a member of the Relais network, asks whether you could see a person they support, free of charge.',
  'offer.whatWeKnow': 'What we can tell you:',
  'offer.action':
    'Open the link to accept with a date and time, decline, ask a question, or reply with advice if no visit is needed.',
  'offer.button': 'Answer the request',
  'offer.deadline':
    'The link works until {deadline}. The request may have gone to several volunteers: the first to accept takes it.',
  'confirmation.subject': 'Relais: appointment confirmed, {when}',
  'confirmation.intro': 'Thank you! The appointment is confirmed.',
  'confirmation.calendar': 'A calendar invitation is attached.',
  'confirmation.outcome': 'After the appointment, please tell us in one click whether the person came:',
  'confirmation.outcomeButton': 'Did the person come?',
  'confirmation.outcomeUntil': 'This link works until {deadline}.',
  'confirmation.contact': 'To change the time or for any question, contact {org}: {contact}.',
  'ics.summary': 'Relais appointment — {specialty}',
  'ics.description': 'Appointment arranged through Relais. Contact: {org}, {contact}.',
  'withdrawn.subject': 'Relais: request withdrawn',
  'withdrawn.body':
    'A request sent to you through Relais ({specialty}) has been withdrawn. Nothing is needed from you, and its link no longer works.',
  'withdrawn.appointment':
    'The appointment planned for {when} is cancelled. A calendar cancellation is attached.',
  'withdrawn.thanks': 'Thank you for your availability.',
  'staff.outcome_recorded.subject': 'Relais: an outcome was recorded',
  'staff.outcome_recorded.body': 'An outcome was recorded for a referral you follow.',
  'staff.info_requested.subject': 'Relais: a specialist asks a question',
  'staff.info_requested.body':
    'A specialist asks for more information about a referral you follow. It waits for your answer.',
  'staff.advice_returned.subject': 'Relais: a specialist replied with advice',
  'staff.advice_returned.body': 'A specialist replied with advice about a referral you follow.',
  'staff.appointment_scheduled.subject': 'Relais: an appointment was scheduled',
  'staff.appointment_scheduled.body': 'An appointment was scheduled for a referral you follow.',
  'staff.escalation.subject': 'Relais: something needs your attention',
  'staff.escalation.body': 'A deadline has passed on a referral you follow.',
  'staff.open': 'Open Relais to see the details:',
  'staff.button': 'Open Relais',
  'staff.why': 'Details stay inside Relais, to protect the people we support.',
  'page.offer.title': 'Appointment request',
  'page.offer.lead': '{org} asks whether you could see a person they support, free of charge.',
  'page.exchanges.title': 'Questions and answers',
  'page.exchanges.question': 'Your question',
  'page.exchanges.answer': 'Answer',
  'page.exchanges.pending': 'Waiting for an answer',
  'page.accept.title': 'Accept',
  'page.accept.when': 'Date and time',
  'page.accept.timeZone': 'Local time ({timeZone})',
  'page.accept.place': 'Place',
  'page.accept.submit': 'Accept the appointment',
  'page.decline.title': 'Decline',
  'page.decline.reason': 'Reason',
  'page.decline.choose': 'Choose a reason',
  'page.decline.submit': 'Decline the request',
  'page.moreInfo.title': 'Ask a question',
  'page.moreInfo.label': 'Your question to the referring worker',
  'page.moreInfo.hint': "The request waits until they answer. Please do not ask for the person's identity.",
  'page.moreInfo.submit': 'Send the question',
  'page.advice.title': 'No visit needed? Reply with advice',
  'page.advice.label': 'Your advice',
  'page.advice.submit': 'Send the advice',
  'page.error.invalid':
    'Part of your answer could not be accepted. Please check that the date and time are in the future and that the text holds no phone number, email address or identity number, then try again.',
  'page.personal': 'This page is personal: please do not share its link.',
  'page.outcome.title': 'Did the person come?',
  'page.outcome.lead': 'Appointment of {when}, {place}.',
  'page.outcome.attended': 'Yes, the person came',
  'page.outcome.noShow': 'No, the person did not come',
  'message.accepted.title': 'Thank you!',
  'message.accepted.body':
    'The appointment is confirmed for {when}, {place}. A confirmation email with a calendar invitation is on its way.',
  'message.declined.title': 'Thank you for your answer',
  'message.declined.body': 'The request will be offered to another volunteer.',
  'message.info_requested.title': 'Question sent',
  'message.info_requested.body':
    "The request waits for the referring worker's answer. You can come back to this link later.",
  'message.advice_sent.title': 'Thank you for your advice',
  'message.advice_sent.body': 'It has been passed on to the referring worker.',
  'message.outcome_recorded.title': 'Thank you',
  'message.outcome_recorded.body': 'Your answer has been recorded.',
  'message.taken.title': 'Thank you',
  'message.taken.body': 'Another doctor has already taken this appointment. Thank you for your availability.',
  'message.used.title': 'Already answered',
  'message.used.body':
    'This link has already been used and your answer was recorded. Nothing else is needed.',
  'message.expired.title': 'This link has expired',
  'message.expired.body':
    'The time to answer has passed and the request may have gone to another volunteer. Thank you all the same.',
  'message.closed.title': 'This request is closed',
  'message.closed.body': 'The request has moved on or was withdrawn. Nothing is needed from you.',
  'message.invalid.title': 'This link does not work',
  'message.invalid.body':
    'Please check that the whole link from the email was copied. If it still does not work, contact the organisation that sent the request.',
} as const satisfies Record<string, string>;

export type TextKey = keyof typeof enText;

export interface Catalogue {
  /** The BCP 47 tag used for dates and numbers. */
  readonly intl: string;
  readonly specialty: Readonly<Record<Specialty, string>>;
  readonly urgency: Readonly<Record<Urgency, string>>;
  readonly declineReason: Readonly<Record<DeclineReason, string>>;
  readonly language: Readonly<Record<LanguageCode, string>>;
  readonly text: Readonly<Record<TextKey, string>>;
}

const en: Catalogue = {
  intl: 'en-GB',
  specialty: {
    general_medicine: 'General medicine',
    ophthalmology: 'Ophthalmology',
    dental: 'Dental care',
    cardiology: 'Cardiology',
    dermatology: 'Dermatology',
    ent: 'ENT (ear, nose and throat)',
    urology: 'Urology',
    gastroenterology: 'Gastroenterology',
    neurology: 'Neurology',
    orthopaedics: 'Orthopaedics',
    psychiatry: 'Psychiatry',
    psychology: 'Psychology',
    radiology: 'Radiology',
    physiotherapy: 'Physiotherapy',
    podiatry: 'Podiatry',
    social_services: 'Social services',
    housing: 'Housing',
    addiction_treatment: 'Addiction treatment',
    legal: 'Legal advice',
  },
  urgency: { routine: 'Routine', soon: 'Soon (within days)', urgent: 'Urgent' },
  declineReason: {
    no_capacity: 'No capacity at the moment',
    not_my_specialty: 'Not my specialty',
    dates_impossible: 'The dates are impossible for me',
    needs_documents: 'Documents are needed first',
    other: 'Another reason',
  },
  language: {
    pt: 'Portuguese',
    fr: 'French',
    en: 'English',
    de: 'German',
    nl: 'Dutch',
    it: 'Italian',
    es: 'Spanish',
    ar: 'Arabic',
    ru: 'Russian',
    ro: 'Romanian',
    bg: 'Bulgarian',
    pl: 'Polish',
    tr: 'Turkish',
    uk: 'Ukrainian',
    fa: 'Persian (Farsi)',
    prs: 'Dari',
    ps: 'Pashto',
    ti: 'Tigrinya',
    so: 'Somali',
    sq: 'Albanian',
    lb: 'Luxembourgish',
    ku: 'Kurdish',
    am: 'Amharic',
    sr: 'Serbian',
    hu: 'Hungarian',
    el: 'Greek',
    zh: 'Chinese',
    ur: 'Urdu',
    bn: 'Bengali',
    ln: 'Lingala',
    ka: 'Georgian',
    hy: 'Armenian',
  },
  text: enText,
};

const fr: Catalogue = {
  intl: 'fr',
  specialty: {
    general_medicine: 'Médecine générale',
    ophthalmology: 'Ophtalmologie',
    dental: 'Soins dentaires',
    cardiology: 'Cardiologie',
    dermatology: 'Dermatologie',
    ent: 'ORL (oto-rhino-laryngologie)',
    urology: 'Urologie',
    gastroenterology: 'Gastro-entérologie',
    neurology: 'Neurologie',
    orthopaedics: 'Orthopédie',
    psychiatry: 'Psychiatrie',
    psychology: 'Psychologie',
    radiology: 'Radiologie',
    physiotherapy: 'Kinésithérapie',
    podiatry: 'Podologie',
    social_services: 'Services sociaux',
    housing: 'Logement',
    addiction_treatment: 'Traitement des addictions',
    legal: 'Conseil juridique',
  },
  urgency: { routine: 'Non urgent', soon: 'Dans les prochains jours', urgent: 'Urgent' },
  declineReason: {
    no_capacity: 'Pas de disponibilité pour le moment',
    not_my_specialty: 'Hors de ma spécialité',
    dates_impossible: 'Les dates sont impossibles pour moi',
    needs_documents: "Des documents sont d'abord nécessaires",
    other: 'Autre raison',
  },
  language: {
    pt: 'portugais',
    fr: 'français',
    en: 'anglais',
    de: 'allemand',
    nl: 'néerlandais',
    it: 'italien',
    es: 'espagnol',
    ar: 'arabe',
    ru: 'russe',
    ro: 'roumain',
    bg: 'bulgare',
    pl: 'polonais',
    tr: 'turc',
    uk: 'ukrainien',
    fa: 'persan (farsi)',
    prs: 'dari',
    ps: 'pachto',
    ti: 'tigrigna',
    so: 'somali',
    sq: 'albanais',
    lb: 'luxembourgeois',
    ku: 'kurde',
    am: 'amharique',
    sr: 'serbe',
    hu: 'hongrois',
    el: 'grec',
    zh: 'chinois',
    ur: 'ourdou',
    bn: 'bengali',
    ln: 'lingala',
    ka: 'géorgien',
    hy: 'arménien',
  },
  text: {
    'label.specialty': 'Spécialité',
    'label.urgency': 'Urgence',
    'label.languages': 'Langues parlées par la personne',
    'label.interpreter': 'Interprète',
    'label.accompaniment': 'Accompagnement',
    'label.referredBy': 'Orientation par',
    'label.answerBefore': 'Merci de répondre avant',
    'label.when': 'Quand',
    'label.where': 'Où',
    'value.interpreterNeeded': 'Un interprète est nécessaire',
    'value.interpreterNotNeeded': "Pas besoin d'interprète",
    'value.accompanied': 'Un travailleur de terrain accompagne la personne',
    'value.notAccompanied': 'La personne vient seule',
    'value.languagesUnknown': 'Non précisé',
    'email.greeting': 'Bonjour {name},',
    'email.signature': 'Le réseau Relais',
    'email.personalLink': 'Ce lien est personnel : merci de ne pas transférer cet e-mail.',
    'email.noHealthData':
      'Pour protéger la personne, les e-mails de Relais ne contiennent jamais de nom ni de détail médical.',
    'offer.subject': 'Relais : demande de rendez-vous, {specialty} ({urgency})',
    'offer.intro':
      "{org}, membre du réseau Relais, vous demande si vous pourriez recevoir gratuitement une personne qu'elle accompagne.",
    'offer.whatWeKnow': 'Ce que nous pouvons vous dire :',
    'offer.action':
      "Ouvrez le lien pour accepter en indiquant une date et une heure, refuser, poser une question, ou répondre par un conseil si une consultation n'est pas nécessaire.",
    'offer.button': 'Répondre à la demande',
    'offer.deadline':
      "Le lien fonctionne jusqu'au {deadline}. La demande a pu être envoyée à plusieurs bénévoles : le premier qui accepte la prend.",
    'confirmation.subject': 'Relais : rendez-vous confirmé, {when}',
    'confirmation.intro': 'Merci ! Le rendez-vous est confirmé.',
    'confirmation.calendar': 'Une invitation de calendrier est jointe.',
    'confirmation.outcome': 'Après le rendez-vous, dites-nous en un clic si la personne est venue :',
    'confirmation.outcomeButton': 'La personne est-elle venue ?',
    'confirmation.outcomeUntil': "Ce lien fonctionne jusqu'au {deadline}.",
    'confirmation.contact': "Pour changer l'heure ou pour toute question, contactez {org} : {contact}.",
    'ics.summary': 'Rendez-vous Relais — {specialty}',
    'ics.description': 'Rendez-vous organisé via Relais. Contact : {org}, {contact}.',
    'withdrawn.subject': 'Relais : demande retirée',
    'withdrawn.body':
      "Une demande qui vous a été envoyée via Relais ({specialty}) a été retirée. Vous n'avez rien à faire et son lien ne fonctionne plus.",
    'withdrawn.appointment':
      'Le rendez-vous prévu le {when} est annulé. Une annulation de calendrier est jointe.',
    'withdrawn.thanks': 'Merci pour votre disponibilité.',
    'staff.outcome_recorded.subject': 'Relais : un résultat a été enregistré',
    'staff.outcome_recorded.body': 'Un résultat a été enregistré pour une orientation que vous suivez.',
    'staff.info_requested.subject': 'Relais : un spécialiste pose une question',
    'staff.info_requested.body':
      'Un spécialiste demande des informations complémentaires sur une orientation que vous suivez. Elle attend votre réponse.',
    'staff.advice_returned.subject': 'Relais : un spécialiste a répondu par un conseil',
    'staff.advice_returned.body':
      'Un spécialiste a répondu par un conseil pour une orientation que vous suivez.',
    'staff.appointment_scheduled.subject': 'Relais : un rendez-vous a été fixé',
    'staff.appointment_scheduled.body': 'Un rendez-vous a été fixé pour une orientation que vous suivez.',
    'staff.escalation.subject': 'Relais : un point demande votre attention',
    'staff.escalation.body': 'Une échéance est dépassée pour une orientation que vous suivez.',
    'staff.open': 'Ouvrez Relais pour voir les détails :',
    'staff.button': 'Ouvrir Relais',
    'staff.why': 'Les détails restent dans Relais, pour protéger les personnes accompagnées.',
    'page.offer.title': 'Demande de rendez-vous',
    'page.offer.lead':
      "{org} vous demande si vous pourriez recevoir gratuitement une personne qu'elle accompagne.",
    'page.exchanges.title': 'Questions et réponses',
    'page.exchanges.question': 'Votre question',
    'page.exchanges.answer': 'Réponse',
    'page.exchanges.pending': 'En attente de réponse',
    'page.accept.title': 'Accepter',
    'page.accept.when': 'Date et heure',
    'page.accept.timeZone': 'Heure locale ({timeZone})',
    'page.accept.place': 'Lieu',
    'page.accept.submit': 'Accepter le rendez-vous',
    'page.decline.title': 'Refuser',
    'page.decline.reason': 'Raison',
    'page.decline.choose': 'Choisissez une raison',
    'page.decline.submit': 'Refuser la demande',
    'page.moreInfo.title': 'Poser une question',
    'page.moreInfo.label': "Votre question au travailleur social qui a fait l'orientation",
    'page.moreInfo.hint': "La demande attend sa réponse. Merci de ne pas demander l'identité de la personne.",
    'page.moreInfo.submit': 'Envoyer la question',
    'page.advice.title': 'Pas besoin de consultation ? Répondez par un conseil',
    'page.advice.label': 'Votre conseil',
    'page.advice.submit': 'Envoyer le conseil',
    'page.error.invalid':
      "Une partie de votre réponse n'a pas pu être acceptée. Vérifiez que la date et l'heure sont dans le futur et que le texte ne contient ni numéro de téléphone, ni adresse e-mail, ni numéro d'identité, puis réessayez.",
    'page.personal': 'Cette page est personnelle : merci de ne pas partager son lien.',
    'page.outcome.title': 'La personne est-elle venue ?',
    'page.outcome.lead': 'Rendez-vous du {when}, {place}.',
    'page.outcome.attended': 'Oui, la personne est venue',
    'page.outcome.noShow': "Non, la personne n'est pas venue",
    'message.accepted.title': 'Merci !',
    'message.accepted.body':
      'Le rendez-vous est confirmé pour le {when}, {place}. Un e-mail de confirmation avec une invitation de calendrier va suivre.',
    'message.declined.title': 'Merci pour votre réponse',
    'message.declined.body': 'La demande sera proposée à un autre bénévole.',
    'message.info_requested.title': 'Question envoyée',
    'message.info_requested.body':
      'La demande attend la réponse du travailleur social. Vous pourrez revenir sur ce lien plus tard.',
    'message.advice_sent.title': 'Merci pour votre conseil',
    'message.advice_sent.body': 'Il a été transmis au travailleur social.',
    'message.outcome_recorded.title': 'Merci',
    'message.outcome_recorded.body': 'Votre réponse a été enregistrée.',
    'message.taken.title': 'Merci',
    'message.taken.body': 'Un autre médecin a déjà pris ce rendez-vous. Merci pour votre disponibilité.',
    'message.used.title': 'Déjà répondu',
    'message.used.body':
      "Ce lien a déjà été utilisé et votre réponse a été enregistrée. Vous n'avez rien d'autre à faire.",
    'message.expired.title': 'Ce lien a expiré',
    'message.expired.body':
      'Le délai de réponse est passé et la demande a pu être proposée à un autre bénévole. Merci tout de même.',
    'message.closed.title': 'Cette demande est close',
    'message.closed.body': "La demande a évolué ou a été retirée. Vous n'avez rien à faire.",
    'message.invalid.title': 'Ce lien ne fonctionne pas',
    'message.invalid.body':
      "Vérifiez que le lien de l'e-mail a été copié en entier. S'il ne fonctionne toujours pas, contactez l'organisation qui a envoyé la demande.",
  },
};

const de: Catalogue = {
  intl: 'de',
  specialty: {
    general_medicine: 'Allgemeinmedizin',
    ophthalmology: 'Augenheilkunde',
    dental: 'Zahnmedizin',
    cardiology: 'Kardiologie',
    dermatology: 'Dermatologie',
    ent: 'HNO (Hals-Nasen-Ohren-Heilkunde)',
    urology: 'Urologie',
    gastroenterology: 'Gastroenterologie',
    neurology: 'Neurologie',
    orthopaedics: 'Orthopädie',
    psychiatry: 'Psychiatrie',
    psychology: 'Psychologie',
    radiology: 'Radiologie',
    physiotherapy: 'Physiotherapie',
    podiatry: 'Podologie',
    social_services: 'Sozialdienste',
    housing: 'Wohnen',
    addiction_treatment: 'Suchtbehandlung',
    legal: 'Rechtsberatung',
  },
  urgency: { routine: 'Nicht dringend', soon: 'In den nächsten Tagen', urgent: 'Dringend' },
  declineReason: {
    no_capacity: 'Derzeit keine Kapazität',
    not_my_specialty: 'Nicht mein Fachgebiet',
    dates_impossible: 'Die Termine sind für mich nicht möglich',
    needs_documents: 'Zuerst werden Unterlagen benötigt',
    other: 'Anderer Grund',
  },
  language: {
    pt: 'Portugiesisch',
    fr: 'Französisch',
    en: 'Englisch',
    de: 'Deutsch',
    nl: 'Niederländisch',
    it: 'Italienisch',
    es: 'Spanisch',
    ar: 'Arabisch',
    ru: 'Russisch',
    ro: 'Rumänisch',
    bg: 'Bulgarisch',
    pl: 'Polnisch',
    tr: 'Türkisch',
    uk: 'Ukrainisch',
    fa: 'Persisch (Farsi)',
    prs: 'Dari',
    ps: 'Paschtu',
    ti: 'Tigrinya',
    so: 'Somali',
    sq: 'Albanisch',
    lb: 'Luxemburgisch',
    ku: 'Kurdisch',
    am: 'Amharisch',
    sr: 'Serbisch',
    hu: 'Ungarisch',
    el: 'Griechisch',
    zh: 'Chinesisch',
    ur: 'Urdu',
    bn: 'Bengalisch',
    ln: 'Lingala',
    ka: 'Georgisch',
    hy: 'Armenisch',
  },
  text: {
    'label.specialty': 'Fachgebiet',
    'label.urgency': 'Dringlichkeit',
    'label.languages': 'Sprachen der Person',
    'label.interpreter': 'Dolmetschen',
    'label.accompaniment': 'Begleitung',
    'label.referredBy': 'Vermittelt von',
    'label.answerBefore': 'Bitte antworten bis',
    'label.when': 'Wann',
    'label.where': 'Wo',
    'value.interpreterNeeded': 'Eine Dolmetscherin oder ein Dolmetscher wird benötigt',
    'value.interpreterNotNeeded': 'Kein Dolmetschen nötig',
    'value.accompanied': 'Eine Fachkraft der aufsuchenden Arbeit begleitet die Person',
    'value.notAccompanied': 'Die Person kommt allein',
    'value.languagesUnknown': 'Nicht angegeben',
    'email.greeting': 'Guten Tag {name},',
    'email.signature': 'Das Relais-Netzwerk',
    'email.personalLink': 'Dieser Link ist persönlich: Bitte leiten Sie diese E-Mail nicht weiter.',
    'email.noHealthData':
      'Zum Schutz der Person enthalten E-Mails von Relais nie einen Namen oder medizinische Angaben.',
    'offer.subject': 'Relais: Terminanfrage, {specialty} ({urgency})',
    'offer.intro':
      '{org}, Mitglied des Relais-Netzwerks, fragt, ob Sie eine von ihr betreute Person kostenlos empfangen könnten.',
    'offer.whatWeKnow': 'Was wir Ihnen sagen können:',
    'offer.action':
      'Öffnen Sie den Link, um mit Datum und Uhrzeit zuzusagen, abzulehnen, eine Frage zu stellen oder mit einem Rat zu antworten, wenn kein Besuch nötig ist.',
    'offer.button': 'Auf die Anfrage antworten',
    'offer.deadline':
      'Der Link funktioniert bis {deadline}. Die Anfrage ging eventuell an mehrere Freiwillige: Wer zuerst zusagt, übernimmt sie.',
    'confirmation.subject': 'Relais: Termin bestätigt, {when}',
    'confirmation.intro': 'Vielen Dank! Der Termin ist bestätigt.',
    'confirmation.calendar': 'Eine Kalendereinladung ist beigefügt.',
    'confirmation.outcome':
      'Bitte teilen Sie uns nach dem Termin mit einem Klick mit, ob die Person gekommen ist:',
    'confirmation.outcomeButton': 'Ist die Person gekommen?',
    'confirmation.outcomeUntil': 'Dieser Link funktioniert bis {deadline}.',
    'confirmation.contact': 'Um die Uhrzeit zu ändern oder bei Fragen wenden Sie sich an {org}: {contact}.',
    'ics.summary': 'Relais-Termin — {specialty}',
    'ics.description': 'Über Relais vereinbarter Termin. Kontakt: {org}, {contact}.',
    'withdrawn.subject': 'Relais: Anfrage zurückgezogen',
    'withdrawn.body':
      'Eine Anfrage, die Ihnen über Relais geschickt wurde ({specialty}), wurde zurückgezogen. Sie müssen nichts tun, und ihr Link funktioniert nicht mehr.',
    'withdrawn.appointment': 'Der für {when} geplante Termin entfällt. Eine Kalenderabsage ist beigefügt.',
    'withdrawn.thanks': 'Vielen Dank für Ihre Bereitschaft.',
    'staff.outcome_recorded.subject': 'Relais: Ein Ergebnis wurde erfasst',
    'staff.outcome_recorded.body': 'Für eine Vermittlung, die Sie begleiten, wurde ein Ergebnis erfasst.',
    'staff.info_requested.subject': 'Relais: Eine Fachperson hat eine Frage',
    'staff.info_requested.body':
      'Eine Fachperson bittet um weitere Informationen zu einer Vermittlung, die Sie begleiten. Sie wartet auf Ihre Antwort.',
    'staff.advice_returned.subject': 'Relais: Eine Fachperson hat mit einem Rat geantwortet',
    'staff.advice_returned.body':
      'Eine Fachperson hat zu einer Vermittlung, die Sie begleiten, mit einem Rat geantwortet.',
    'staff.appointment_scheduled.subject': 'Relais: Ein Termin wurde vereinbart',
    'staff.appointment_scheduled.body':
      'Für eine Vermittlung, die Sie begleiten, wurde ein Termin vereinbart.',
    'staff.escalation.subject': 'Relais: Etwas braucht Ihre Aufmerksamkeit',
    'staff.escalation.body': 'Bei einer Vermittlung, die Sie begleiten, ist eine Frist abgelaufen.',
    'staff.open': 'Öffnen Sie Relais, um die Einzelheiten zu sehen:',
    'staff.button': 'Relais öffnen',
    'staff.why': 'Die Einzelheiten bleiben in Relais, zum Schutz der betreuten Menschen.',
    'page.offer.title': 'Terminanfrage',
    'page.offer.lead': '{org} fragt, ob Sie eine von ihr betreute Person kostenlos empfangen könnten.',
    'page.exchanges.title': 'Fragen und Antworten',
    'page.exchanges.question': 'Ihre Frage',
    'page.exchanges.answer': 'Antwort',
    'page.exchanges.pending': 'Wartet auf Antwort',
    'page.accept.title': 'Zusagen',
    'page.accept.when': 'Datum und Uhrzeit',
    'page.accept.timeZone': 'Ortszeit ({timeZone})',
    'page.accept.place': 'Ort',
    'page.accept.submit': 'Termin zusagen',
    'page.decline.title': 'Ablehnen',
    'page.decline.reason': 'Grund',
    'page.decline.choose': 'Grund auswählen',
    'page.decline.submit': 'Anfrage ablehnen',
    'page.moreInfo.title': 'Eine Frage stellen',
    'page.moreInfo.label': 'Ihre Frage an die vermittelnde Fachkraft',
    'page.moreInfo.hint':
      'Die Anfrage wartet auf die Antwort. Bitte fragen Sie nicht nach der Identität der Person.',
    'page.moreInfo.submit': 'Frage senden',
    'page.advice.title': 'Kein Besuch nötig? Mit einem Rat antworten',
    'page.advice.label': 'Ihr Rat',
    'page.advice.submit': 'Rat senden',
    'page.error.invalid':
      'Ein Teil Ihrer Antwort konnte nicht angenommen werden. Bitte prüfen Sie, dass Datum und Uhrzeit in der Zukunft liegen und der Text keine Telefonnummer, E-Mail-Adresse oder Ausweisnummer enthält, und versuchen Sie es erneut.',
    'page.personal': 'Diese Seite ist persönlich: Bitte teilen Sie den Link nicht.',
    'page.outcome.title': 'Ist die Person gekommen?',
    'page.outcome.lead': 'Termin am {when}, {place}.',
    'page.outcome.attended': 'Ja, die Person ist gekommen',
    'page.outcome.noShow': 'Nein, die Person ist nicht gekommen',
    'message.accepted.title': 'Vielen Dank!',
    'message.accepted.body':
      'Der Termin ist bestätigt für {when}, {place}. Eine Bestätigung mit Kalendereinladung folgt per E-Mail.',
    'message.declined.title': 'Danke für Ihre Antwort',
    'message.declined.body': 'Die Anfrage wird einer anderen freiwilligen Fachperson angeboten.',
    'message.info_requested.title': 'Frage gesendet',
    'message.info_requested.body':
      'Die Anfrage wartet auf die Antwort der vermittelnden Fachkraft. Sie können diesen Link später erneut öffnen.',
    'message.advice_sent.title': 'Danke für Ihren Rat',
    'message.advice_sent.body': 'Er wurde an die vermittelnde Fachkraft weitergegeben.',
    'message.outcome_recorded.title': 'Vielen Dank',
    'message.outcome_recorded.body': 'Ihre Antwort wurde erfasst.',
    'message.taken.title': 'Vielen Dank',
    'message.taken.body':
      'Eine andere Ärztin oder ein anderer Arzt hat diesen Termin bereits übernommen. Danke für Ihre Bereitschaft.',
    'message.used.title': 'Bereits beantwortet',
    'message.used.body':
      'Dieser Link wurde bereits verwendet und Ihre Antwort erfasst. Sie müssen nichts weiter tun.',
    'message.expired.title': 'Dieser Link ist abgelaufen',
    'message.expired.body':
      'Die Antwortfrist ist vorbei, und die Anfrage ging eventuell an eine andere Fachperson. Trotzdem vielen Dank.',
    'message.closed.title': 'Diese Anfrage ist abgeschlossen',
    'message.closed.body': 'Die Anfrage ist weitergegangen oder wurde zurückgezogen. Sie müssen nichts tun.',
    'message.invalid.title': 'Dieser Link funktioniert nicht',
    'message.invalid.body':
      'Bitte prüfen Sie, ob der Link aus der E-Mail vollständig kopiert wurde. Funktioniert er weiterhin nicht, wenden Sie sich an die Organisation, die die Anfrage geschickt hat.',
  },
};

const nl: Catalogue = {
  intl: 'nl',
  specialty: {
    general_medicine: 'Algemene geneeskunde',
    ophthalmology: 'Oogheelkunde',
    dental: 'Tandheelkunde',
    cardiology: 'Cardiologie',
    dermatology: 'Dermatologie',
    ent: 'KNO (keel-, neus- en oorheelkunde)',
    urology: 'Urologie',
    gastroenterology: 'Gastro-enterologie',
    neurology: 'Neurologie',
    orthopaedics: 'Orthopedie',
    psychiatry: 'Psychiatrie',
    psychology: 'Psychologie',
    radiology: 'Radiologie',
    physiotherapy: 'Kinesitherapie (fysiotherapie)',
    podiatry: 'Podologie',
    social_services: 'Sociale diensten',
    housing: 'Huisvesting',
    addiction_treatment: 'Verslavingszorg',
    legal: 'Juridisch advies',
  },
  urgency: { routine: 'Niet dringend', soon: 'Binnen enkele dagen', urgent: 'Dringend' },
  declineReason: {
    no_capacity: 'Momenteel geen capaciteit',
    not_my_specialty: 'Niet mijn specialisme',
    dates_impossible: 'De data zijn voor mij onmogelijk',
    needs_documents: 'Eerst zijn documenten nodig',
    other: 'Andere reden',
  },
  language: {
    pt: 'Portugees',
    fr: 'Frans',
    en: 'Engels',
    de: 'Duits',
    nl: 'Nederlands',
    it: 'Italiaans',
    es: 'Spaans',
    ar: 'Arabisch',
    ru: 'Russisch',
    ro: 'Roemeens',
    bg: 'Bulgaars',
    pl: 'Pools',
    tr: 'Turks',
    uk: 'Oekraïens',
    fa: 'Perzisch (Farsi)',
    prs: 'Dari',
    ps: 'Pasjtoe',
    ti: 'Tigrinya',
    so: 'Somalisch',
    sq: 'Albanees',
    lb: 'Luxemburgs',
    ku: 'Koerdisch',
    am: 'Amhaars',
    sr: 'Servisch',
    hu: 'Hongaars',
    el: 'Grieks',
    zh: 'Chinees',
    ur: 'Urdu',
    bn: 'Bengaals',
    ln: 'Lingala',
    ka: 'Georgisch',
    hy: 'Armeens',
  },
  text: {
    'label.specialty': 'Specialisme',
    'label.urgency': 'Urgentie',
    'label.languages': 'Talen die de persoon spreekt',
    'label.interpreter': 'Tolk',
    'label.accompaniment': 'Begeleiding',
    'label.referredBy': 'Doorverwezen door',
    'label.answerBefore': 'Graag antwoorden vóór',
    'label.when': 'Wanneer',
    'label.where': 'Waar',
    'value.interpreterNeeded': 'Er is een tolk nodig',
    'value.interpreterNotNeeded': 'Geen tolk nodig',
    'value.accompanied': 'Een straathoekwerker komt mee met de persoon',
    'value.notAccompanied': 'De persoon komt alleen',
    'value.languagesUnknown': 'Niet opgegeven',
    'email.greeting': 'Beste {name},',
    'email.signature': 'Het Relais-netwerk',
    'email.personalLink': 'Deze link is persoonlijk: stuur deze e-mail alstublieft niet door.',
    'email.noHealthData':
      'Ter bescherming van de persoon bevatten e-mails van Relais nooit een naam of medische gegevens.',
    'offer.subject': 'Relais: verzoek om een afspraak, {specialty} ({urgency})',
    'offer.intro':
      '{org}, lid van het Relais-netwerk, vraagt of u een persoon die zij begeleiden kosteloos zou kunnen ontvangen.',
    'offer.whatWeKnow': 'Wat we u kunnen vertellen:',
    'offer.action':
      'Open de link om te aanvaarden met een datum en tijd, te weigeren, een vraag te stellen, of met advies te antwoorden als een consultatie niet nodig is.',
    'offer.button': 'Het verzoek beantwoorden',
    'offer.deadline':
      'De link werkt tot {deadline}. Het verzoek is mogelijk naar meerdere vrijwilligers gestuurd: wie eerst aanvaardt, neemt het.',
    'confirmation.subject': 'Relais: afspraak bevestigd, {when}',
    'confirmation.intro': 'Dank u! De afspraak is bevestigd.',
    'confirmation.calendar': 'Een agenda-uitnodiging is bijgevoegd.',
    'confirmation.outcome': 'Laat ons na de afspraak met één klik weten of de persoon gekomen is:',
    'confirmation.outcomeButton': 'Is de persoon gekomen?',
    'confirmation.outcomeUntil': 'Deze link werkt tot {deadline}.',
    'confirmation.contact':
      'Om het tijdstip te wijzigen of voor vragen kunt u contact opnemen met {org}: {contact}.',
    'ics.summary': 'Relais-afspraak — {specialty}',
    'ics.description': 'Afspraak geregeld via Relais. Contact: {org}, {contact}.',
    'withdrawn.subject': 'Relais: verzoek ingetrokken',
    'withdrawn.body':
      'Een verzoek dat u via Relais ontving ({specialty}) is ingetrokken. U hoeft niets te doen en de link werkt niet meer.',
    'withdrawn.appointment':
      'De afspraak gepland op {when} gaat niet door. Een agenda-annulering is bijgevoegd.',
    'withdrawn.thanks': 'Dank u voor uw beschikbaarheid.',
    'staff.outcome_recorded.subject': 'Relais: er is een resultaat geregistreerd',
    'staff.outcome_recorded.body': 'Er is een resultaat geregistreerd voor een doorverwijzing die u opvolgt.',
    'staff.info_requested.subject': 'Relais: een specialist stelt een vraag',
    'staff.info_requested.body':
      'Een specialist vraagt meer informatie over een doorverwijzing die u opvolgt. Ze wacht op uw antwoord.',
    'staff.advice_returned.subject': 'Relais: een specialist antwoordde met advies',
    'staff.advice_returned.body':
      'Een specialist antwoordde met advies over een doorverwijzing die u opvolgt.',
    'staff.appointment_scheduled.subject': 'Relais: er is een afspraak gepland',
    'staff.appointment_scheduled.body': 'Er is een afspraak gepland voor een doorverwijzing die u opvolgt.',
    'staff.escalation.subject': 'Relais: iets vraagt uw aandacht',
    'staff.escalation.body': 'Een termijn is verstreken voor een doorverwijzing die u opvolgt.',
    'staff.open': 'Open Relais om de details te zien:',
    'staff.button': 'Relais openen',
    'staff.why': 'De details blijven in Relais, ter bescherming van de mensen die we begeleiden.',
    'page.offer.title': 'Verzoek om een afspraak',
    'page.offer.lead': '{org} vraagt of u een persoon die zij begeleiden kosteloos zou kunnen ontvangen.',
    'page.exchanges.title': 'Vragen en antwoorden',
    'page.exchanges.question': 'Uw vraag',
    'page.exchanges.answer': 'Antwoord',
    'page.exchanges.pending': 'Wacht op antwoord',
    'page.accept.title': 'Aanvaarden',
    'page.accept.when': 'Datum en tijd',
    'page.accept.timeZone': 'Lokale tijd ({timeZone})',
    'page.accept.place': 'Plaats',
    'page.accept.submit': 'De afspraak aanvaarden',
    'page.decline.title': 'Weigeren',
    'page.decline.reason': 'Reden',
    'page.decline.choose': 'Kies een reden',
    'page.decline.submit': 'Het verzoek weigeren',
    'page.moreInfo.title': 'Een vraag stellen',
    'page.moreInfo.label': 'Uw vraag aan de doorverwijzende hulpverlener',
    'page.moreInfo.hint':
      'Het verzoek wacht tot zij antwoorden. Vraag alstublieft niet naar de identiteit van de persoon.',
    'page.moreInfo.submit': 'De vraag versturen',
    'page.advice.title': 'Geen consultatie nodig? Antwoord met advies',
    'page.advice.label': 'Uw advies',
    'page.advice.submit': 'Het advies versturen',
    'page.error.invalid':
      'Een deel van uw antwoord kon niet worden aanvaard. Controleer of de datum en het uur in de toekomst liggen en of de tekst geen telefoonnummer, e-mailadres of identiteitsnummer bevat, en probeer het opnieuw.',
    'page.personal': 'Deze pagina is persoonlijk: deel de link alstublieft niet.',
    'page.outcome.title': 'Is de persoon gekomen?',
    'page.outcome.lead': 'Afspraak op {when}, {place}.',
    'page.outcome.attended': 'Ja, de persoon is gekomen',
    'page.outcome.noShow': 'Nee, de persoon is niet gekomen',
    'message.accepted.title': 'Dank u!',
    'message.accepted.body':
      'De afspraak is bevestigd op {when}, {place}. Een bevestigingsmail met agenda-uitnodiging volgt.',
    'message.declined.title': 'Dank u voor uw antwoord',
    'message.declined.body': 'Het verzoek wordt aan een andere vrijwilliger voorgesteld.',
    'message.info_requested.title': 'Vraag verstuurd',
    'message.info_requested.body':
      'Het verzoek wacht op het antwoord van de doorverwijzende hulpverlener. U kunt deze link later opnieuw openen.',
    'message.advice_sent.title': 'Dank u voor uw advies',
    'message.advice_sent.body': 'Het is doorgegeven aan de doorverwijzende hulpverlener.',
    'message.outcome_recorded.title': 'Dank u',
    'message.outcome_recorded.body': 'Uw antwoord is geregistreerd.',
    'message.taken.title': 'Dank u',
    'message.taken.body': 'Een andere arts heeft deze afspraak al genomen. Dank u voor uw beschikbaarheid.',
    'message.used.title': 'Al beantwoord',
    'message.used.body':
      'Deze link is al gebruikt en uw antwoord is geregistreerd. U hoeft niets meer te doen.',
    'message.expired.title': 'Deze link is verlopen',
    'message.expired.body':
      'De antwoordtermijn is voorbij en het verzoek is mogelijk naar een andere vrijwilliger gegaan. Toch bedankt.',
    'message.closed.title': 'Dit verzoek is afgesloten',
    'message.closed.body': 'Het verzoek is verdergegaan of ingetrokken. U hoeft niets te doen.',
    'message.invalid.title': 'Deze link werkt niet',
    'message.invalid.body':
      'Controleer of de volledige link uit de e-mail gekopieerd is. Werkt hij nog steeds niet, neem dan contact op met de organisatie die het verzoek stuurde.',
  },
};

const it: Catalogue = {
  intl: 'it',
  specialty: {
    general_medicine: 'Medicina generale',
    ophthalmology: 'Oftalmologia',
    dental: 'Odontoiatria',
    cardiology: 'Cardiologia',
    dermatology: 'Dermatologia',
    ent: 'Otorinolaringoiatria (ORL)',
    urology: 'Urologia',
    gastroenterology: 'Gastroenterologia',
    neurology: 'Neurologia',
    orthopaedics: 'Ortopedia',
    psychiatry: 'Psichiatria',
    psychology: 'Psicologia',
    radiology: 'Radiologia',
    physiotherapy: 'Fisioterapia',
    podiatry: 'Podologia',
    social_services: 'Servizi sociali',
    housing: 'Alloggio',
    addiction_treatment: 'Trattamento delle dipendenze',
    legal: 'Consulenza legale',
  },
  urgency: { routine: 'Non urgente', soon: 'Nei prossimi giorni', urgent: 'Urgente' },
  declineReason: {
    no_capacity: 'Nessuna disponibilità al momento',
    not_my_specialty: 'Non è la mia specialità',
    dates_impossible: 'Le date sono impossibili per me',
    needs_documents: 'Servono prima dei documenti',
    other: 'Altro motivo',
  },
  language: {
    pt: 'portoghese',
    fr: 'francese',
    en: 'inglese',
    de: 'tedesco',
    nl: 'olandese',
    it: 'italiano',
    es: 'spagnolo',
    ar: 'arabo',
    ru: 'russo',
    ro: 'rumeno',
    bg: 'bulgaro',
    pl: 'polacco',
    tr: 'turco',
    uk: 'ucraino',
    fa: 'persiano (farsi)',
    prs: 'dari',
    ps: 'pashto',
    ti: 'tigrino',
    so: 'somalo',
    sq: 'albanese',
    lb: 'lussemburghese',
    ku: 'curdo',
    am: 'amarico',
    sr: 'serbo',
    hu: 'ungherese',
    el: 'greco',
    zh: 'cinese',
    ur: 'urdu',
    bn: 'bengalese',
    ln: 'lingala',
    ka: 'georgiano',
    hy: 'armeno',
  },
  text: {
    'label.specialty': 'Specialità',
    'label.urgency': 'Urgenza',
    'label.languages': 'Lingue parlate dalla persona',
    'label.interpreter': 'Interprete',
    'label.accompaniment': 'Accompagnamento',
    'label.referredBy': 'Inviata da',
    'label.answerBefore': 'Si prega di rispondere entro',
    'label.when': 'Quando',
    'label.where': 'Dove',
    'value.interpreterNeeded': 'Serve un interprete',
    'value.interpreterNotNeeded': 'Non serve un interprete',
    'value.accompanied': 'Un operatore di strada accompagna la persona',
    'value.notAccompanied': 'La persona viene da sola',
    'value.languagesUnknown': 'Non indicato',
    'email.greeting': 'Gentile {name},',
    'email.signature': 'La rete Relais',
    'email.personalLink': 'Questo link è personale: per favore non inoltri questa e-mail.',
    'email.noHealthData':
      'Per proteggere la persona, le e-mail di Relais non contengono mai nomi né dati medici.',
    'offer.subject': 'Relais: richiesta di appuntamento, {specialty} ({urgency})',
    'offer.intro':
      '{org}, membro della rete Relais, chiede se potrebbe ricevere gratuitamente una persona che segue.',
    'offer.whatWeKnow': 'Ciò che possiamo dirle:',
    'offer.action':
      'Apra il link per accettare indicando data e ora, rifiutare, fare una domanda, o rispondere con un consiglio se una visita non è necessaria.',
    'offer.button': 'Rispondere alla richiesta',
    'offer.deadline':
      'Il link funziona fino a {deadline}. La richiesta può essere stata inviata a più volontari: il primo che accetta la prende.',
    'confirmation.subject': 'Relais: appuntamento confermato, {when}',
    'confirmation.intro': "Grazie! L'appuntamento è confermato.",
    'confirmation.calendar': 'In allegato trova un invito di calendario.',
    'confirmation.outcome': "Dopo l'appuntamento, ci dica con un clic se la persona si è presentata:",
    'confirmation.outcomeButton': 'La persona si è presentata?',
    'confirmation.outcomeUntil': 'Questo link funziona fino a {deadline}.',
    'confirmation.contact': "Per cambiare l'orario o per qualsiasi domanda, contatti {org}: {contact}.",
    'ics.summary': 'Appuntamento Relais — {specialty}',
    'ics.description': 'Appuntamento organizzato tramite Relais. Contatto: {org}, {contact}.',
    'withdrawn.subject': 'Relais: richiesta ritirata',
    'withdrawn.body':
      'Una richiesta che le è stata inviata tramite Relais ({specialty}) è stata ritirata. Non deve fare nulla e il suo link non funziona più.',
    'withdrawn.appointment':
      "L'appuntamento previsto per {when} è annullato. In allegato trova l'annullamento per il calendario.",
    'withdrawn.thanks': 'Grazie per la sua disponibilità.',
    'staff.outcome_recorded.subject': 'Relais: è stato registrato un esito',
    'staff.outcome_recorded.body': 'È stato registrato un esito per un invio che lei segue.',
    'staff.info_requested.subject': 'Relais: uno specialista fa una domanda',
    'staff.info_requested.body':
      'Uno specialista chiede altre informazioni su un invio che lei segue. Attende la sua risposta.',
    'staff.advice_returned.subject': 'Relais: uno specialista ha risposto con un consiglio',
    'staff.advice_returned.body': 'Uno specialista ha risposto con un consiglio su un invio che lei segue.',
    'staff.appointment_scheduled.subject': 'Relais: è stato fissato un appuntamento',
    'staff.appointment_scheduled.body': 'È stato fissato un appuntamento per un invio che lei segue.',
    'staff.escalation.subject': 'Relais: qualcosa richiede la sua attenzione',
    'staff.escalation.body': 'È scaduto un termine per un invio che lei segue.',
    'staff.open': 'Apra Relais per vedere i dettagli:',
    'staff.button': 'Apri Relais',
    'staff.why': 'I dettagli restano in Relais, per proteggere le persone che accompagniamo.',
    'page.offer.title': 'Richiesta di appuntamento',
    'page.offer.lead': '{org} chiede se potrebbe ricevere gratuitamente una persona che segue.',
    'page.exchanges.title': 'Domande e risposte',
    'page.exchanges.question': 'La sua domanda',
    'page.exchanges.answer': 'Risposta',
    'page.exchanges.pending': 'In attesa di risposta',
    'page.accept.title': 'Accettare',
    'page.accept.when': 'Data e ora',
    'page.accept.timeZone': 'Ora locale ({timeZone})',
    'page.accept.place': 'Luogo',
    'page.accept.submit': "Accettare l'appuntamento",
    'page.decline.title': 'Rifiutare',
    'page.decline.reason': 'Motivo',
    'page.decline.choose': 'Scelga un motivo',
    'page.decline.submit': 'Rifiutare la richiesta',
    'page.moreInfo.title': 'Fare una domanda',
    'page.moreInfo.label': "La sua domanda all'operatore che ha inviato la richiesta",
    'page.moreInfo.hint':
      "La richiesta resta in attesa della risposta. Per favore non chieda l'identità della persona.",
    'page.moreInfo.submit': 'Inviare la domanda',
    'page.advice.title': 'Nessuna visita necessaria? Risponda con un consiglio',
    'page.advice.label': 'Il suo consiglio',
    'page.advice.submit': 'Inviare il consiglio',
    'page.error.invalid':
      "Una parte della sua risposta non è stata accettata. Verifichi che la data e l'ora siano nel futuro e che il testo non contenga numeri di telefono, indirizzi e-mail o numeri di documento, poi riprovi.",
    'page.personal': 'Questa pagina è personale: per favore non condivida il link.',
    'page.outcome.title': 'La persona si è presentata?',
    'page.outcome.lead': 'Appuntamento: {when}, {place}.',
    'page.outcome.attended': 'Sì, la persona si è presentata',
    'page.outcome.noShow': 'No, la persona non si è presentata',
    'message.accepted.title': 'Grazie!',
    'message.accepted.body':
      "L'appuntamento è confermato per {when}, {place}. Riceverà un'e-mail di conferma con un invito di calendario.",
    'message.declined.title': 'Grazie per la risposta',
    'message.declined.body': 'La richiesta sarà proposta a un altro volontario.',
    'message.info_requested.title': 'Domanda inviata',
    'message.info_requested.body':
      "La richiesta attende la risposta dell'operatore. Può tornare su questo link più tardi.",
    'message.advice_sent.title': 'Grazie per il consiglio',
    'message.advice_sent.body': "È stato trasmesso all'operatore che ha inviato la richiesta.",
    'message.outcome_recorded.title': 'Grazie',
    'message.outcome_recorded.body': 'La sua risposta è stata registrata.',
    'message.taken.title': 'Grazie',
    'message.taken.body':
      'Un altro medico ha già preso questo appuntamento. Grazie per la sua disponibilità.',
    'message.used.title': 'Già risposto',
    'message.used.body':
      'Questo link è già stato usato e la sua risposta è stata registrata. Non deve fare altro.',
    'message.expired.title': 'Questo link è scaduto',
    'message.expired.body':
      'Il tempo per rispondere è passato e la richiesta potrebbe essere stata inviata a un altro volontario. Grazie comunque.',
    'message.closed.title': 'Questa richiesta è chiusa',
    'message.closed.body': 'La richiesta è andata avanti o è stata ritirata. Non deve fare nulla.',
    'message.invalid.title': 'Questo link non funziona',
    'message.invalid.body':
      "Verifichi che il link dell'e-mail sia stato copiato per intero. Se continua a non funzionare, contatti l'organizzazione che ha inviato la richiesta.",
  },
};

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { fr, en, de, nl, it };

/** The catalogue of a locale; an unknown locale (bad data) falls back to English rather than failing a send. */
export function catalogue(locale: Locale): Catalogue {
  return CATALOGUES[locale] ?? CATALOGUES[DEFAULT_LOCALE];
}

export type Params = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{placeholders}` of a template. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

function fill(template: string, params: Params, encode: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    const value = params[name];
    if (value === undefined) throw new Error(`Missing message parameter "${name}"`);
    out += encode(template.slice(last, match.index)) + encode(value);
    last = match.index + match[0].length;
  }
  return out + encode(template.slice(last));
}

/** A text in a locale, with its placeholders filled (plain text: for text bodies, subjects, calendars). */
export function t(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(catalogue(locale).text[key], params, (s) => s);
}

/** The same text for HTML: the template and every parameter escaped. */
export function tHtml(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(catalogue(locale).text[key], params, escapeHtml);
}

export function specialtyName(locale: Locale, specialty: Specialty): string {
  return catalogue(locale).specialty[specialty] ?? specialty;
}

export function urgencyName(locale: Locale, urgency: Urgency): string {
  return catalogue(locale).urgency[urgency] ?? urgency;
}

export function declineReasonName(locale: Locale, reason: DeclineReason): string {
  return catalogue(locale).declineReason[reason] ?? reason;
}

const isLanguageCode = (code: string): code is LanguageCode =>
  (LANGUAGE_CODES as readonly string[]).includes(code);

/** The name of a language in a locale; a code we have no name for is shown as given. */
export function languageName(locale: Locale, code: string): string {
  const normalised = code.trim().toLowerCase();
  return isLanguageCode(normalised) ? catalogue(locale).language[normalised] : code;
}

/** The languages of a referral as one line ("portugais, français"), or "not specified". */
export function languageList(locale: Locale, codes: readonly string[]): string {
  const names = codes.map((c) => languageName(locale, c)).filter((n) => n.trim() !== '');
  return names.length > 0 ? names.join(', ') : t(locale, 'value.languagesUnknown');
}

/** A date and time as people of the locale write it, in the given time zone, with the zone shown. */
export function formatDateTime(locale: Locale, at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(catalogue(locale).intl, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

/**
 * The best locale for an `Accept-Language` header, for pages shown before we know who is asking (a link
 * that does not verify has no specialist, hence no locale).
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return {
        lang: tag.trim().toLowerCase().split('-')[0] ?? '',
        weight: Number.isNaN(weight) ? 0 : weight,
        index,
      };
    })
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { lang } of ranked) {
    if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  }
  return DEFAULT_LOCALE;
}
