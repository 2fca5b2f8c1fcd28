import * as z from 'zod/mini';
import { CATALOG } from '../../../events/catalog.ts';
import { EVENT_SOURCE } from '../../../events/envelope.ts';

/*
 * The event catalogue (events/catalog.ts) as an AsyncAPI 3.0 document, so that another team can consume
 * Relais's EventBridge bus: one channel per detail-type (its address), one message per channel whose
 * payload is the event as published (the envelope with its `data`, EventBridge's `detail`), its JSON
 * Schema generated from the very zod schema producers and consumers parse with, and an example made
 * from that JSON Schema. Events carry ids and codes only (envelope.ts): the document holds no personal
 * data, and is public like /openapi.json.
 */

export type JsonSchema = { readonly [key: string]: unknown };

/** A contract's payload as JSON Schema (draft 2020-12, which AsyncAPI 3.0 accepts as a schema format). */
export const payloadSchema = (schema: z.core.$ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

const EXAMPLE_INSTANT = '2026-12-01T09:00:00.000Z';

/**
 * A value that fits `schema`: the first of an enum, the const, every property (optional ones too, so
 * that each field is shown), strings at their minimum length. Enough for the schemas of the catalogue
 * (objects, strings, date-times, enums, booleans, integers, records); `{}` for anything else.
 */
export function exampleOf(schema: JsonSchema): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, exampleOf(s)]));
    }
    case 'string':
      if (schema.format === 'date-time') return EXAMPLE_INSTANT;
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Math.max(1, Number(schema.minimum ?? schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return {};
  }
}

export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly defaultContentType: 'application/json';
  readonly channels: Record<string, unknown>;
  readonly operations: Record<string, unknown>;
  readonly components: { readonly messages: Record<string, AsyncApiMessage> };
}
export interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly contentType: 'application/json';
  readonly payload: JsonSchema;
  readonly examples: readonly { readonly name: string; readonly payload: unknown }[];
  /** The contract's version (the payload's `version`): a breaking change is a new version. */
  readonly 'x-relais-version': number;
}

/** The document, built from the catalogue: the same for every caller, so built once. */
export function eventDocument(): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, AsyncApiMessage> = {};
  for (const contract of CATALOG) {
    const key = contract.type;
    const payload = payloadSchema(contract.schema);
    messages[key] = {
      name: key,
      title: `${key} v${contract.version}`,
      contentType: 'application/json',
      payload,
      examples: [{ name: `${key}-example`, payload: exampleOf(payload) }],
      'x-relais-version': contract.version,
    };
    channels[key] = {
      address: key,
      description: `EventBridge events of source \`${EVENT_SOURCE}\` and detail-type \`${key}\`.`,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    operations[`publish.${key}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Relais events',
      version: '1',
      description:
        `What Relais publishes on its EventBridge bus (source \`${EVENT_SOURCE}\`): one channel per ` +
        'detail-type, the event itself as the detail. Events carry ids and codes, never a pseudonym, a ' +
        'reason or any free text about a person. Consumers deduplicate on `id`; `version` is the ' +
        'contract’s version.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
