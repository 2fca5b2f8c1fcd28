import { describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import * as Rules from '../../../domain/referral/rules/index.ts';
import { CATALOG, parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import {
  eventDocument,
  exampleOf,
  type JsonSchema,
  payloadSchema,
} from '../../../functions/standards/asyncapi/event-document.ts';
import { accompanier, at, ctxAt, openInput, specialist, worker } from '../domain/referral/builders.ts';

/*
 * The AsyncAPI document of the event catalogue (functions/standards/asyncapi): every contract has its
 * channel and message, and every example, and every event the domain's rules really emit, fits both the
 * zod schema and the JSON Schema the document gives for it.
 */

/**
 * What a JSON Schema of the catalogue asks, checked without a validator library: types, required and
 * unknown properties, enums, consts, string lengths and patterns. Returns what does not fit, by path.
 */
function misfits(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const out: string[] = [];
  if ('const' in schema && value !== schema.const) out.push(`${path}: not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push(`${path}: not in the enum`);
  switch (schema.type) {
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const k of (schema.required ?? []) as string[])
        if (!(k in value)) out.push(`${path}.${k}: missing`);
      for (const [k, v] of Object.entries(value)) {
        const s = properties[k];
        if (s) out.push(...misfits(s, v, `${path}.${k}`));
        else if (schema.additionalProperties === false) out.push(`${path}.${k}: not allowed`);
      }
      break;
    }
    case 'string':
      if (typeof value !== 'string') return [`${path}: not a string`];
      if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push(`${path}: short`);
      if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) out.push(`${path}: long`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
        out.push(`${path}: pattern`);
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number') out.push(`${path}: not a number`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: not a boolean`);
      break;
  }
  return out;
}

/** Real events: a referral taken to an attended appointment and closed, through the domain's rules. */
function emittedEvents(): RelaisEvent[] {
  const events: RelaisEvent[] = [];
  const step = (t: { referral: Referral; events: readonly RelaisEvent[] }) => {
    events.push(...t.events);
    return t.referral;
  };
  let r = step(Rules.openReferral(openInput(), { ...ctxAt(0), id: 'ref-1', org: 'mdm-lu' }));
  r = step(
    Rules.offerTo(
      r,
      [
        { specialistId: 'sp-1', expiresAt: at(48) },
        { specialistId: 'sp-2', expiresAt: at(48) },
      ],
      ctxAt(1),
    ),
  );
  r = step(
    Rules.declineOffer(r, { offerId: r.offers[1]!.id, reason: 'no_capacity' }, ctxAt(2, specialist('sp-2'))),
  );
  r = step(
    Rules.acceptOffer(
      r,
      { offerId: r.offers[0]!.id, appointmentAt: at(14), place: 'Cabinet' },
      ctxAt(3, specialist('sp-1')),
    ),
  );
  r = step(Rules.assignAccompanier(r, { accompanierId: accompanier.id }, ctxAt(4, accompanier)));
  r = step(Rules.confirmDeparted(r, ctxAt(5, accompanier)));
  r = step(Rules.confirmArrived(r, ctxAt(6, accompanier)));
  r = step(Rules.recordOutcome(r, { attended: true, followUpDueAt: at(300) }, ctxAt(16, accompanier)));
  step(Rules.closeReferral(r, { reason: 'completed' }, ctxAt(17, worker)));
  return events;
}

describe('the AsyncAPI document of the events', () => {
  const doc = eventDocument();

  it('is AsyncAPI 3.0 with a channel, an operation and a message for every contract of the catalogue', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual(CATALOG.map((c) => c.type).sort());
    for (const contract of CATALOG) {
      expect(doc.channels[contract.type]).toMatchObject({
        address: contract.type,
        messages: { [contract.type]: { $ref: `#/components/messages/${contract.type}` } },
      });
      expect(doc.operations[`publish.${contract.type}`]).toMatchObject({
        action: 'send',
        channel: { $ref: `#/channels/${contract.type}` },
      });
      const message = doc.components.messages[contract.type]!;
      expect(message['x-relais-version']).toBe(contract.version);
      expect(message.payload).toEqual(payloadSchema(contract.schema));
      expect(message.payload).toMatchObject({ properties: { version: { const: contract.version } } });
    }
  });

  it('gives an example of every event that the catalogue parses and its JSON Schema accepts', () => {
    for (const contract of CATALOG) {
      const message = doc.components.messages[contract.type]!;
      expect(message.examples).toHaveLength(1);
      const example = message.examples[0]!.payload;
      expect(parseEvent(example)).toEqual(example);
      expect(misfits(message.payload, example), contract.type).toEqual([]);
    }
  });

  it('has JSON Schemas that accept what the rules emit and refuse what the catalogue refuses', () => {
    const events = emittedEvents();
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThan(8);
    for (const e of events) {
      expect(misfits(doc.components.messages[e.type]!.payload, e), e.type).toEqual([]);
    }
    const opened = events[0]!;
    const schema = doc.components.messages[opened.type]!.payload;
    // A pseudonym in an event's data is refused by both, as it must never travel on the bus.
    const leaking = { ...opened, data: { ...opened.data, pseudonym: 'ZEBRA-1985' } };
    expect(() => parseEvent(leaking)).toThrow();
    expect(misfits(schema, leaking)).toEqual(['$.data.pseudonym: not allowed']);
    expect(misfits(schema, { ...opened, version: 2 })).not.toEqual([]);
  });

  it('makes examples from JSON Schema, field by field', () => {
    expect(
      exampleOf({
        type: 'object',
        properties: { a: { type: 'string', minLength: 3 }, b: { enum: ['p', 'q'] }, c: { type: 'boolean' } },
      }),
    ).toEqual({ a: 'xxx', b: 'p', c: true });
  });
});
