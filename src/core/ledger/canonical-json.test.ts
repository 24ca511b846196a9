import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalBytes, CanonicalJsonError } from './canonical-json.ts';

function fromIeee(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalize (RFC 8785)', () => {
  it('reproduces the example of RFC 8785 §3.2.2 (input with mixed numbers, escapes and literals)', () => {
    // The input text of RFC 8785 §3.2.2, parsed the way any JSON parser would.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalize(input)).toBe(expected);
  });

  it('sorts members by UTF-16 code units as in RFC 8785 §3.2.3', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // RFC 8785 §3.2.3 lists the members in this order; integer-like "1" must not jump ahead as it would in a JS object.
    const expectedOrder = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const expected = `{${expectedOrder.map((k) => `${JSON.stringify(k)}:${JSON.stringify((input as Record<string, string>)[k])}`).join(',')}}`;
    expect(canonicalize(input)).toBe(expected);
  });

  it('serialises the IEEE 754 samples of RFC 8785 Appendix B', () => {
    const samples: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [hex, text] of samples) expect(canonicalize(fromIeee(hex)), hex).toBe(text);
  });

  it('refuses NaN and Infinity (RFC 8785 Appendix B marks them as errors)', () => {
    expect(() => canonicalize(fromIeee('7fffffffffffffff'))).toThrow(CanonicalJsonError);
    expect(() => canonicalize({ a: [1, fromIeee('7ff0000000000000')] })).toThrow(/at \/a\/1/);
    expect(() => canonicalize(-Infinity)).toThrow(/cannot be represented/);
  });

  it('refuses values that are not JSON, naming where they are', () => {
    expect(() => canonicalize({ a: undefined })).toThrow(/undefined.*at \/a/);
    expect(() => canonicalize({ f: () => 1 })).toThrow(/function.*at \/f/);
    expect(() => canonicalize({ s: Symbol('x') })).toThrow(/symbol/);
    expect(() => canonicalize({ n: 10n })).toThrow(/bigint/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/Date is not plain JSON data.* at \/d$/);
    expect(() => canonicalize({ 'a/b': { '~': new Map() } })).toThrow(/at \/a~1b\/~0/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalize([1, , 3])).toThrow(/sparse array hole at \/1/);
  });

  it('refuses cycles but accepts the same object twice when it is not its own ancestor', () => {
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalize(cyclic)).toThrow(/cyclic structure at \/self\/back/);
    const shared = { v: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });

  it('refuses lone surrogates in values and in member names', () => {
    expect(() => canonicalize('\ud800')).toThrow(/lone UTF-16 surrogate/);
    expect(() => canonicalize({ ['x\udc00']: 1 })).toThrow(/lone/);
    expect(canonicalize('\ud83d\ude00')).toBe('"😀"');
  });

  it('escapes control characters in lower-case hex and leaves other characters as they are', () => {
    expect(canonicalize('\u0000\u001f\b\t\n\f\r"\\/\u007f\u2028')).toBe('"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\/\u007f\u2028"');
  });

  it('is insensitive to member insertion order and deep nesting', () => {
    expect(canonicalize({ b: [{ z: 1, a: 2 }], a: null })).toBe(canonicalize({ a: null, b: [{ a: 2, z: 1 }] }));
    let deep: unknown = 0;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(canonicalize(deep).length).toBe(2001);
    let hostile: unknown = 0;
    for (let i = 0; i < 200_000; i++) hostile = { a: hostile };
    expect(() => canonicalize(hostile)).toThrow(/nested deeper than 1000 levels/);
  });

  it('encodes as UTF-8', () => {
    expect(Buffer.from(canonicalBytes({ é: '€' })).toString('hex')).toBe(Buffer.from('{"é":"€"}', 'utf8').toString('hex'));
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, number>;
    bare.b = 2;
    bare.a = 1;
    expect(canonicalize(bare)).toBe('{"a":1,"b":2}');
  });
});
