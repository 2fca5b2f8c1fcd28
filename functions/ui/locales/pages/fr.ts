import { frCoordinator } from './coordinator/fr.ts';
import type { PageTexts } from './keys.ts';

/** Les mots des pages du personnel, en français. */
export const frPages: PageTexts = {
  ...frCoordinator,
  'staff.nav.label': 'Principal',
  'staff.nav.board': 'Tableau de bord',
  'staff.nav.accompaniments': 'Accompagnements',
  'staff.nav.referrals': 'Orientations',
  'staff.nav.people': 'Personnes',
  'staff.nav.notifications': 'Notifications',
  'staff.nav.directory': 'Annuaire',
  'staff.nav.staff': 'Équipe',
  'staff.nav.organisations': 'Organisations',
  'staff.nav.invite': 'Inviter un membre',
  'staff.signed_in_as': 'Connecté·e : {sub} · {org}',
  'staff.sign_out': 'Se déconnecter',
  'staff.language': 'Langue',
  'staff.language.change': 'Changer de langue',
  'staff.skip': 'Aller au contenu',
  'staff.front.title': 'Bienvenue',
  'staff.front.lead':
    "Relais coordonne les orientations et les accompagnements des services de proximité : il propose chaque orientation aux spécialistes qui peuvent la prendre et suit la personne jusqu'au rendez-vous et à son issue.",
  'staff.front.staff':
    "Le personnel se connecte pour voir les accompagnements qu'il suit ou le tableau de ce qui attend quelqu'un.",
  'staff.front.sign_in': 'Se connecter',
  'staff.sign_in.title': 'Connexion',
  'staff.sign_in.provider': 'Se connecter avec le compte de votre organisation',
  'staff.sign_in.token': 'Jeton du personnel',
  'staff.sign_in.submit': 'Se connecter',
  'staff.sign_in.bad_token': "Ce jeton n'est pas valide ou a expiré.",
  'staff.sign_in.retry': "La connexion n'a pas abouti. Veuillez réessayer.",
  'staff.sign_in.refused':
    "Votre compte n'a pas pu être connecté à Relais. Adressez-vous à un administrateur.",
  'staff.sign_in.signed_in': 'Connecté·e',
  'staff.sign_in.continue': 'Continuer',
  'staff.sign_in.signing_out': 'Déconnexion',
  'staff.sign_in.finish_sign_out': 'Terminer la déconnexion',
  'staff.dev.title': 'Connexion de développement',
  'staff.dev.lead': 'Mode local uniquement : se connecter en tant que membre du personnel de démonstration.',
  'staff.dev.user': 'Organisation et rôle',
  'staff.dev.submit': 'Se connecter en tant que cette personne',
  'staff.dev.unknown': "Ce membre de démonstration n'existe pas.",
  'staff.error.title': "Une erreur s'est produite",
  'staff.error.back': 'Retour',
};
