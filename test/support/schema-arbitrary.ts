// fast-check arbitraries generated from JSON Schema (the OpenAPI document's
// parameter and body schemas, the admin operations' input schemas), so a route
// added later is fuzzed without touching the test. Values are mostly what the
// schema describes — near-valid input reaches deep validation — mixed with
// hostile ones: wrong types, hostile strings, extra and missing fields.
import fc from 'fast-check';

export type JsonSchema = Record<string, any>;
/** Real values worth trying for a field name (existing ids, catalog system ids…). */
export type Hints = Record<string, readonly unknown[]>;

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '%', '%00', '%zz', '../../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '"; DROP TABLE records; --',
  '${jndi:ldap://x}', '\ud800', '🙂', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '0x10', '+5', '99999999999999999999999999999999',
  '9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+00:01', '__proto__', 'constructor', 'con_', 'mwk_', 'a'.repeat(5000), '\r\nX-Injected: 1',
];

/** A value of any JSON type, or a hostile string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0.000001, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { __proto__: { polluted: 1 } }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** `arb` one time in `outOf`, else null. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, outOf = 8): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: outOf - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  return schema.$ref.replace(/^#\//, '').split('/').reduce((node: JsonSchema, key: string) => node?.[key], root) ?? {};
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time') {
    return fc.tuple(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.constantFrom('Z', '+02:00', '-23:59', '+14:00'))
      .map(([d, offset]) => d.toISOString().replace('Z', offset));
  }
  if (typeof s.pattern === 'string') {
    try { return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Infinity)); } catch { /* a pattern fast-check cannot invert */ }
  }
  return fc.string({ unit: 'grapheme-ascii', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) });
}

/** Values that follow `schema` (approximately: it is a fuzzer, not a validator). */
export function schemaValue(schema: JsonSchema, root: JsonSchema = schema, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a: JsonSchema) => schemaValue(a, root, hints, depth + 1)));
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : null;
  if (type && type.length > 1) return fc.oneof(...type.map((t: string) => schemaValue({ ...s, type: t }, root, hints, depth)));
  switch (type?.[0]) {
    case 'string': return stringFor(s);
    case 'integer': return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number': return fc.oneof(fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 }), fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true }));
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const min = s.minItems ?? 0;
      return fc.array(schemaValue(s.items ?? {}, root, hints, depth + 1), { minLength: min, maxLength: Math.min(s.maxItems ?? min + 3, min + 3) });
    }
    case 'object': return depth > 3 ? fc.constant({}) : objectValue(s, root, hints, depth);
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectValue(s: JsonSchema, root: JsonSchema, hints: Hints, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries((s.properties ?? {}) as Record<string, JsonSchema>);
  const required = new Set<string>(s.required ?? []);
  const field = (name: string, sub: JsonSchema) => fuzzValue(sub, root, hints, depth + 1, name);
  const record = props.length === 0 && s.additionalProperties && typeof s.additionalProperties === 'object'
    ? fc.dictionary(fc.string({ maxLength: 12 }), schemaValue(s.additionalProperties, root, hints, depth + 1), { maxKeys: 3 })
    : fc.constant({});
  return fc.tuple(
    fc.record(Object.fromEntries(props.map(([name, sub]) => [name, field(name, sub)])), { requiredKeys: props.map(([n]) => n).filter((n) => required.has(n)) }),
    record,
    // now and then a required field goes missing, or a field nobody asked for comes along
    sometimes(fc.constantFrom(...(required.size ? [...required] : ['-']))),
    sometimes(fc.tuple(fc.constantFrom('extra', 'admin', '__proto__', 'constructor'), hostileValue)),
  ).map(([obj, rec, drop, extra]) => {
    const out: Record<string, unknown> = { ...rec, ...obj };
    if (drop) delete out[drop];
    if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
    return out;
  });
}

/** Mostly a schema value (or a hinted real one), sometimes a hostile one. */
export function fuzzValue(schema: JsonSchema, root: JsonSchema = schema, hints: Hints = {}, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const hinted = name && hints[name]?.length ? [{ weight: 3, arbitrary: fc.constantFrom(...hints[name]) }] : [];
  return fc.oneof({ weight: 6, arbitrary: schemaValue(schema, root, hints, depth) }, ...hinted, { weight: 1, arbitrary: hostileValue });
}

/** Raw request bodies no schema describes. */
export const hostileBody = fc.constantFrom(
  '', '{', '{"a":', 'null', '[]', '"text"', '12', 'true', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  '['.repeat(50_000), `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_001)}`, '\ufeff{}', '{"a":"\\ud800"}', '{"a":1,"a":2}',
);
