import type { Organisation, Specialist } from '../../../domain/directory/model.ts';
import { SPECIALTIES, type Specialty } from '../../../domain/referral/model.ts';
import type {
  HsdsImportService,
  HsdsOrganization,
  HsdsOrganizationListItem,
  HsdsService,
  HsdsServiceAtLocationListItem,
  HsdsServiceListItem,
} from './schemas.ts';
import { hsdsId } from './uuid-v5.ts';

/*
 * Relais's directory in HSDS 3.0, both ways. A specialist (a volunteer doctor or a service desk) is a
 * `service` of its organisation; its specialty, its kind and its country are taxonomy terms attached by
 * `attributes`; its languages are `languages`; where it sees people (`practice`, free text) is the name
 * of its one `location`, through one `service_at_location`. Every id is the UUIDv5 of the Relais id
 * (uuid-v5.ts). What has no place in HSDS (quota, locale, absences, approval, address confirmation,
 * version) is left out, and an import sets it as any new entry gets it.
 */

/** The taxonomies Relais publishes its terms in (`taxonomy_term.taxonomy`). */
export const TAXONOMY = {
  specialty: 'relais-specialty',
  kind: 'relais-kind',
  country: 'ISO 3166-1 alpha-2',
} as const;

const KIND_NAMES: Record<Specialist['kind'], string> = {
  doctor: 'Volunteer doctor',
  service_desk: 'Service desk',
};

const humanised = (code: string) => {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function term(taxonomy: string, code: string, name: string, owner: string, description: string) {
  const termId = hsdsId('taxonomy_term', `${taxonomy}:${code}`);
  return {
    id: hsdsId('attribute', `${owner}:${taxonomy}`),
    link_id: owner,
    link_type: taxonomy,
    link_entity: 'service',
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, code, name, description, taxonomy },
  };
}

/** A service's status: a paused entry is closed for now, one taken off the directory inactive. */
function statusOf(s: Specialist, now: Date): HsdsService['status'] {
  if (!s.active) return 'inactive';
  if (s.pausedUntil && Date.parse(s.pausedUntil) > now.getTime()) return 'temporarily closed';
  return 'active';
}

/** The organisation's HSDS id, when the entry belongs to one. */
export const organizationIdOf = (s: Pick<Specialist, 'organisation'>) =>
  s.organisation ? hsdsId('organization', s.organisation) : undefined;

export const serviceIdOf = (s: Pick<Specialist, 'id'>) => hsdsId('service', s.id);

/** A specialist as a service with its one-to-one fields (the items of `/services`). */
export function serviceListItem(s: Specialist, now: Date): HsdsServiceListItem {
  const organization_id = organizationIdOf(s);
  return {
    id: serviceIdOf(s),
    ...(organization_id ? { organization_id } : {}),
    name: s.displayName,
    description: `${humanised(s.specialty)} (${KIND_NAMES[s.kind].toLowerCase()})`,
    email: s.email,
    status: statusOf(s, now),
    last_modified: new Date(s.updatedAt).toISOString(),
  };
}

function location(s: Specialist) {
  const organization_id = organizationIdOf(s);
  return {
    id: hsdsId('location', s.id),
    location_type: 'physical' as const,
    ...(organization_id ? { organization_id } : {}),
    name: s.practice,
  };
}

/** A specialist in full: specialty, kind and country as terms, languages, where they see people. */
export function service(s: Specialist, now: Date, organisation?: Organisation): HsdsService {
  const id = serviceIdOf(s);
  const attributes = [
    term(TAXONOMY.specialty, s.specialty, humanised(s.specialty), id, 'The need Relais refers people for'),
    term(TAXONOMY.kind, s.kind, KIND_NAMES[s.kind], id, 'A volunteer doctor or a service desk'),
    ...(s.country ? [term(TAXONOMY.country, s.country, s.country, id, 'Where they see people')] : []),
  ];
  const loc = location(s);
  return {
    ...serviceListItem(s, now),
    ...(organisation ? { organization: organizationListItem(organisation) } : {}),
    languages: s.languages.map((code) => ({
      id: hsdsId('language', `${s.id}:${code}`),
      service_id: id,
      code,
    })),
    attributes,
    service_at_locations: [
      { id: hsdsId('service_at_location', s.id), service_id: id, location_id: loc.id, location: loc },
    ],
  };
}

/** An item of `/service_at_locations`: where a specialist sees people, with the service. */
export function serviceAtLocationListItem(s: Specialist, now: Date): HsdsServiceAtLocationListItem {
  const loc = location(s);
  return {
    id: hsdsId('service_at_location', s.id),
    service_id: serviceIdOf(s),
    location_id: loc.id,
    location: loc,
    service: serviceListItem(s, now),
  };
}

/**
 * An organisation with its one-to-one fields. One Relais does not know (a specialist's organisation
 * missing from the organisations' table) is named by its Relais id.
 */
export function organizationListItem(o: Organisation): HsdsOrganizationListItem {
  return {
    id: hsdsId('organization', o.id),
    name: o.name,
    description: o.city ? `${o.name}, ${o.city} (${o.country})` : o.name,
    ...(o.contact.email ? { email: o.contact.email } : {}),
  };
}

export function organization(o: Organisation, services: readonly HsdsService[]): HsdsOrganization {
  const id = hsdsId('organization', o.id);
  return {
    ...organizationListItem(o),
    phones: o.contact.phone
      ? [{ id: hsdsId('phone', o.id), organization_id: id, number: o.contact.phone }]
      : [],
    services: [...services],
  };
}

/** What an imported service becomes (before the directory's own checks), or why it cannot. */
export type ImportedEntry =
  | {
      readonly ok: true;
      readonly input: {
        kind: Specialist['kind'];
        displayName: string;
        email: string;
        specialty: Specialty;
        practice: string;
        country?: string;
        languages: string[];
        locale: Specialist['locale'];
        active: boolean;
        monthlyQuota: number;
      };
    }
  | { readonly ok: false; readonly field: string; readonly reason: string };

/** An imported entry's monthly quota: HSDS has no place for one; the coordinator sets it afterwards. */
export const IMPORTED_MONTHLY_QUOTA = 4;
const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;

const isSpecialty = (code: string | undefined): code is Specialty =>
  code !== undefined && (SPECIALTIES as readonly string[]).includes(code);

/**
 * An HSDS service as a new directory entry: the specialty is the first term naming one (in Relais's
 * taxonomy first, then any whose code is a specialty), the kind a `relais-kind` term (else a service
 * desk: most HSDS services are desks), the practice its first location's name or address, the locale
 * its first language Relais writes in (else `fallbackLocale`, the organisation's).
 */
export function fromService(svc: HsdsImportService, fallbackLocale: Specialist['locale']): ImportedEntry {
  const terms = (svc.attributes ?? []).flatMap((a) => (a.taxonomy_term ? [a.taxonomy_term] : []));
  const specialty =
    terms.find((t) => t.taxonomy === TAXONOMY.specialty && isSpecialty(t.code))?.code ??
    terms.find((t) => isSpecialty(t.code))?.code;
  if (!isSpecialty(specialty)) {
    return { ok: false, field: 'attributes', reason: 'No taxonomy term names a specialty Relais refers for' };
  }
  if (!svc.email) return { ok: false, field: 'email', reason: 'No email: a specialist is reached by email' };
  const kindCode = terms.find((t) => t.taxonomy === TAXONOMY.kind)?.code;
  const kind: Specialist['kind'] = kindCode === 'doctor' ? 'doctor' : 'service_desk';
  const loc = svc.service_at_locations?.find((sal) => sal.location)?.location;
  const address = loc?.addresses?.[0];
  const practice =
    loc?.name ?? [address?.address_1, address?.postal_code, address?.city].filter(Boolean).join(', ');
  if (!practice)
    return { ok: false, field: 'service_at_locations', reason: 'No location: where do they see people?' };
  const country =
    terms.find((t) => t.taxonomy === TAXONOMY.country)?.code ??
    (address?.country && /^[A-Z]{2}$/.test(address.country) ? address.country : undefined);
  const languages = [
    ...new Set((svc.languages ?? []).flatMap((l) => (l.code ? [l.code.toLowerCase()] : []))),
  ];
  if (languages.length === 0) return { ok: false, field: 'languages', reason: 'No language code' };
  const locale = LOCALES.find((l) => languages.includes(l)) ?? fallbackLocale;
  return {
    ok: true,
    input: {
      kind,
      displayName: svc.name,
      email: svc.email,
      specialty,
      practice,
      ...(country ? { country } : {}),
      languages,
      locale,
      active: svc.status !== 'inactive' && svc.status !== 'defunct',
      monthlyQuota: IMPORTED_MONTHLY_QUOTA,
    },
  };
}
