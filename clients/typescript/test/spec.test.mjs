// The client's message types against the AsyncAPI document the real server serves (/api/v1/asyncapi.json): every
// message the server sends has an interface with the spec's fields (decimals typed as strings, integers as
// numbers), the exact-decimal field list covers every decimal of the spec, and real messages as the client parses
// them validate against the spec's schemas with each decimal as its exact text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { DECIMAL_FIELDS, TickplantClient } from '../dist/index.js';
import { API_KEY, TickplantServer } from './server.mjs';
import { until } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const server = new TickplantServer();
let spec;

/** Spec message (components.messages key) -> the interface in src/messages.ts. */
const INTERFACES = {
  welcome: 'Welcome', authResult: 'AuthReply', subscribed: 'Subscribed', unsubscribed: 'Unsubscribed',
  listResult: 'ListReply', limitsResult: 'LimitsReply', optionsResult: 'OptionsReply', pong: 'Pong',
  error: 'ErrorMessage', warning: 'WarningMessage', reconnect: 'ReconnectNotice', reset: 'Reset',
  tick: 'Tick', depth: 'Depth', trade: 'Trade', status: 'Status',
};
/** What clients send; the client builds these itself. */
const REQUESTS = new Set(['auth', 'subscribe', 'unsubscribe', 'list', 'ping', 'limits', 'options']);
/** Fields this client adds to a spec message (its own reset after an unresumed reconnect). */
const CLIENT_FIELDS = { Reset: new Set(['origin', 'lastSeq', 'missed']) };
/** A message's `type` -> its spec message. */
const BY_TYPE = { auth: 'authResult', list: 'listResult', limits: 'limitsResult', options: 'optionsResult' };

before(async () => {
  await server.start();
  const response = await fetch(`${server.httpUrl}/api/v1/asyncapi.json`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  assert.equal(response.status, 200);
  spec = await response.json();
});

after(async () => {
  await server.close();
});

function resolve(schema) {
  let s = schema;
  while (s && s.$ref) {
    s = s.$ref.replace(/^#\//, '').split('/').reduce((node, key) => node[key], spec);
  }
  return s ?? {};
}

const isDecimalRef = (schema) => /\/schemas\/(decimal|nullableDecimal)$/.test(schema?.$ref ?? '');

/** True when a decimal is at or anywhere below this schema. */
function holdsDecimal(schema, depth = 0) {
  if (!schema || depth > 8) {
    return false;
  }
  if (isDecimalRef(schema)) {
    return true;
  }
  const s = resolve(schema);
  return [s.items, s.additionalProperties, ...(s.prefixItems ?? []), ...Object.values(s.properties ?? {})]
    .some((child) => typeof child === 'object' && holdsDecimal(child, depth + 1));
}

const isInteger = (schema) => [resolve(schema).type].flat().includes('integer');

function serverMessages() {
  return Object.keys(spec.channels.native.messages).filter((name) => !REQUESTS.has(name));
}

function payload(name) {
  return resolve(spec.components.messages[name].payload);
}

// ---- the TypeScript declarations, read with the compiler's own API ----

function interfaces() {
  const file = join(here, '..', 'src', 'messages.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2020 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const result = new Map();
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node)) {
      const type = checker.getTypeAtLocation(node.name);
      const props = new Map();
      for (const prop of checker.getPropertiesOfType(type)) {
        props.set(prop.name, {
          optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
          type: checker.getTypeOfSymbolAtLocation(prop, node),
        });
      }
      result.set(node.name.text, props);
    }
  });
  return { result, checker };
}

function mentionsNumber(checker, type, depth = 0) {
  if (depth > 6) {
    return false;
  }
  if (type.flags & ts.TypeFlags.NumberLike) {
    return true;
  }
  if (type.isUnionOrIntersection()) {
    return type.types.some((t) => mentionsNumber(checker, t, depth + 1));
  }
  if (type.flags & ts.TypeFlags.Object) {
    const args = checker.getTypeArguments?.(type) ?? [];
    const indexes = checker.getIndexInfosOfType(type).map((info) => info.type);
    return [...args, ...indexes].some((t) => mentionsNumber(checker, t, depth + 1));
  }
  return false;
}

function onlyNumber(type) {
  const parts = type.isUnion() ? type.types : [type];
  const values = parts.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  return values.length > 0 && values.every((t) => t.flags & ts.TypeFlags.NumberLike);
}

test('every message the server sends has an interface with the spec fields and types', () => {
  const { result, checker } = interfaces();
  for (const name of serverMessages()) {
    const interfaceName = INTERFACES[name];
    assert.ok(interfaceName, `spec message ${name} has no interface in messages.ts (a new server message?)`);
    const props = result.get(interfaceName);
    assert.ok(props, `interface ${interfaceName}`);
    const schema = payload(name);
    for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
      const prop = props.get(field);
      assert.ok(prop, `${interfaceName}.${field} (in the spec) is missing`);
      if ((schema.required ?? []).includes(field)) {
        assert.equal(prop.optional, false, `${interfaceName}.${field} is required by the spec`);
      }
      if (holdsDecimal(fieldSchema)) {
        assert.equal(mentionsNumber(checker, prop.type), false,
            `${interfaceName}.${field} is a decimal in the spec but ${checker.typeToString(prop.type)} here`);
      } else if (isInteger(fieldSchema)) {
        assert.ok(onlyNumber(prop.type),
            `${interfaceName}.${field}: integer, typed ${checker.typeToString(prop.type)}`);
      }
    }
    for (const field of props.keys()) {
      assert.ok(field in (schema.properties ?? {}) || CLIENT_FIELDS[interfaceName]?.has(field),
          `${interfaceName}.${field} is not in the spec`);
    }
  }
});

test('the parser keeps as exact text every field the spec declares a decimal, and no integer field', () => {
  const decimals = new Set();
  const integers = new Set();
  for (const name of serverMessages()) {
    for (const [field, schema] of Object.entries(payload(name).properties ?? {})) {
      if (holdsDecimal(schema)) {
        decimals.add(field);
      } else if (isInteger(schema)) {
        integers.add(field);
      }
    }
  }
  assert.ok(decimals.size >= 8, [...decimals].join());
  for (const field of decimals) {
    assert.ok(DECIMAL_FIELDS.has(field), `decimal field ${field} would be parsed as a number`);
  }
  for (const field of integers) {
    assert.ok(!DECIMAL_FIELDS.has(field), `integer field ${field} would be parsed as text`);
  }
});

// ---- real messages against the schemas ----

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function validate(value, schema, path, errors) {
  if (isDecimalRef(schema)) {
    const nullable = schema.$ref.endsWith('nullableDecimal');
    if (!(typeof value === 'string' && NUMBER.test(value)) && !(nullable && value === null)) {
      errors.push(`${path}: ${JSON.stringify(value)} is not an exact decimal string`);
    }
    return;
  }
  const s = resolve(schema);
  if ('const' in s && value !== s.const) {
    errors.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`);
  }
  if (s.enum && !s.enum.includes(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} not in ${s.enum}`);
  }
  if (s.type) {
    const types = [s.type].flat();
    const ok = types.some((t) => (t === 'integer' ? Number.isInteger(value)
      : t === 'null' ? value === null
        : t === 'array' ? Array.isArray(value)
          : t === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
            : typeof value === t));
    if (!ok) {
      errors.push(`${path}: ${JSON.stringify(value)} is not ${types.join('|')}`);
      return;
    }
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      errors.push(`${path}: fewer than ${s.minItems} items`);
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      errors.push(`${path}: more than ${s.maxItems} items`);
    }
    value.forEach((item, i) => {
      const itemSchema = s.prefixItems?.[i] ?? s.items;
      if (itemSchema) {
        validate(item, itemSchema, `${path}[${i}]`, errors);
      }
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const field of s.required ?? []) {
      if (!(field in value)) {
        errors.push(`${path}.${field} is missing`);
      }
    }
    for (const [field, v] of Object.entries(value)) {
      const fieldSchema = s.properties?.[field] ?? (typeof s.additionalProperties === 'object'
        ? s.additionalProperties : undefined);
      if (fieldSchema) {
        validate(v, fieldSchema, `${path}.${field}`, errors);
      }
    }
  }
}

test('real messages, as the client parses them, validate against the spec with decimals as exact text',
    { timeout: 120_000 }, async () => {
  const client = new TickplantClient({ url: server.url, apiKey: API_KEY, batch: true });
  const seen = new Map();
  client.on('message', (msg) => {
    const name = BY_TYPE[msg.type] ?? msg.type;
    if (!seen.has(name)) {
      seen.set(name, []);
    }
    if (seen.get(name).length < 50) {
      seen.get(name).push(msg);
    }
  });
  client.on('error', () => {}); // the unknown symbol below is expected
  await client.connect();
  await client.subscribe(['BTCUSDT', 'EURUSD'], { channels: ['tick', 'depth', 'trade', 'status'], levels: 5 });
  await client.subscribe('NOSUCH1').catch(() => {});
  const wanted = ['welcome', 'authResult', 'optionsResult', 'subscribed', 'pong', 'error', 'tick', 'depth', 'trade',
    'status'];
  await until(client, 'message', () => wanted.every((name) => (seen.get(name)?.length ?? 0) >= 1), 90_000,
      'one message of each kind');
  await client.close();
  let checked = 0;
  for (const [name, messages] of seen) {
    const message = spec.components.messages[name];
    assert.ok(message, `the server sent ${name}, which the spec does not list`);
    for (const msg of messages) {
      const errors = [];
      validate(msg, message.payload, name, errors);
      assert.deepEqual(errors, [], JSON.stringify(msg));
      checked++;
    }
  }
  assert.ok(checked >= wanted.length);
});
