/**
 * A JSON parser that keeps the exact text of decimal numbers.
 *
 * The gateway renders prices and sizes as JSON numbers at the instrument's precision (`1.08500`, `0.01000000`).
 * `JSON.parse` turns them into binary doubles, which loses the trailing zeros the depth checksum is computed over
 * and cannot hold every decimal exactly. This parser returns the number literal's text, unchanged, for every
 * number found under a decimal field (at any depth below it: `bids: [[65000.10, 0.5]]` gives
 * `[["65000.10", "0.5"]]`), and a `number` elsewhere (`seq`, `time`, `checksum`, `levels`).
 *
 * It accepts exactly RFC 8259 JSON; anything else throws a {@link SyntaxError} naming the offset.
 */

/** Fields of the client protocol whose numbers are exact decimals (prices, sizes, and everything under them). */
export const DECIMAL_FIELDS: ReadonlySet<string> = new Set([
  'bid',
  'ask',
  'price',
  'last',
  'mid',
  'bidSize',
  'askSize',
  'size',
  'bids',
  'asks',
  'bidVenues',
  'askVenues',
]);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Parses `text`; numbers under any field named in `decimalFields` come back as their literal text. */
export function parseExact(text: string, decimalFields: ReadonlySet<string> = DECIMAL_FIELDS): JsonValue {
  const parser = new ExactParser(text, decimalFields);
  parser.skipWhitespace();
  const value = parser.value(false);
  parser.skipWhitespace();
  if (parser.pos !== text.length) {
    throw parser.error('unexpected text after the JSON value');
  }
  return value;
}

class ExactParser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly decimalFields: ReadonlySet<string>,
  ) {}

  error(what: string): SyntaxError {
    return new SyntaxError(`invalid JSON at offset ${this.pos}: ${what}`);
  }

  skipWhitespace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        p++;
      } else {
        break;
      }
    }
    this.pos = p;
  }

  value(exact: boolean): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(exact);
      case 0x5b: // [
        return this.array(exact);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          const literal = this.number();
          return exact ? literal : Number(literal);
        }
        throw this.error(Number.isNaN(c) ? 'unexpected end' : `unexpected character '${this.text[this.pos]}'`);
    }
  }

  private object(exact: boolean): { [key: string]: JsonValue } {
    const result: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) {
        throw this.error('expected a member name');
      }
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) {
        throw this.error("expected ':'");
      }
      this.pos++;
      this.skipWhitespace();
      const value = this.value(exact || this.decimalFields.has(key));
      // defineProperty: a member named "__proto__" must stay a plain member, not replace the prototype.
      if (key === '__proto__') {
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        result[key] = value;
      }
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x2c) {
        this.skipWhitespace();
      } else if (c === 0x7d) {
        return result;
      } else {
        this.pos--;
        throw this.error("expected ',' or '}'");
      }
    }
  }

  private array(exact: boolean): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(exact));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x2c) {
        this.skipWhitespace();
      } else if (c === 0x5d) {
        return result;
      } else {
        this.pos--;
        throw this.error("expected ',' or ']'");
      }
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.pos + 1;
    let p = start;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        break;
      }
      if (c === 0x5c) {
        escaped = true;
        p += 2;
        continue;
      }
      if (Number.isNaN(c)) {
        throw this.error('unterminated string');
      }
      if (c < 0x20) {
        this.pos = p;
        throw this.error('control character in string');
      }
      p++;
    }
    this.pos = p + 1;
    if (!escaped) {
      return t.slice(start, p);
    }
    try {
      // The escapes are JSON's own; let the platform decode them (it also rejects malformed ones).
      return JSON.parse(t.slice(start - 1, p + 1)) as string;
    } catch {
      this.pos = start - 1;
      throw this.error('invalid escape in string');
    }
  }

  /** Scans a number literal per RFC 8259 and returns its text. */
  private number(): string {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 0x2d) {
      p++;
    }
    const first = t.charCodeAt(p);
    if (first === 0x30) {
      p++;
    } else if (first >= 0x31 && first <= 0x39) {
      p = digits(t, p);
    } else {
      this.pos = p;
      throw this.error('expected a digit');
    }
    if (t.charCodeAt(p) === 0x2e) {
      const after = digits(t, p + 1);
      if (after === p + 1) {
        this.pos = p + 1;
        throw this.error('expected a digit after the decimal point');
      }
      p = after;
    }
    const e = t.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const sign = t.charCodeAt(p);
      if (sign === 0x2b || sign === 0x2d) {
        p++;
      }
      const after = digits(t, p);
      if (after === p) {
        this.pos = p;
        throw this.error('expected a digit in the exponent');
      }
      p = after;
    }
    this.pos = p;
    return t.slice(start, p);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      throw this.error(`expected '${word}'`);
    }
    this.pos += word.length;
    return value;
  }
}

function digits(t: string, from: number): number {
  let p = from;
  for (;;) {
    const c = t.charCodeAt(p);
    if (c >= 0x30 && c <= 0x39) {
      p++;
    } else {
      return p;
    }
  }
}
