/**
 * The form of an organisation's id, the one rule for every place that names one: its creation (the API,
 * its page, the deploy tool), the API's paths and queries, an invitation, and the `org` claim of a staff
 * token. 2–63 lower-case letters, digits and dashes (`mdm-lu`). Table keys are built from it
 * (`<org>#active`, `STATSREF#<org>#<year>`), so it never holds the `#` that separates their parts.
 */
export const ORGANISATION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const isOrganisationId = (value: string): boolean => ORGANISATION_ID.test(value);
