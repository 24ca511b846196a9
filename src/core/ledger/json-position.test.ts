import { describe, expect, it } from 'vitest';
import { findJsonError } from './json-position.ts';

describe('findJsonError', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a":[1,2,{"b":null}],"c":"\\u00e9\\n"} ', '-1.5e3', '"x"', 'true']) {
      expect(findJsonError(text), text).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('names the line and column of the first error', () => {
    expect(findJsonError('{\n  "a": x\n}')).toMatchObject({ line: 2, column: 8 });
    expect(findJsonError('{"a":1,}')).toMatchObject({ line: 1, column: 8, reason: expect.stringMatching(/member name/) });
    expect(findJsonError('[1 2]')).toMatchObject({ column: 4 });
    expect(findJsonError('{"a":"b\nc"}')).toMatchObject({ reason: 'control character in string' });
    expect(findJsonError('{"a":1')).toMatchObject({ reason: expect.stringMatching(/expected ','/) });
    expect(findJsonError('"abc')).toMatchObject({ reason: 'unterminated string' });
    expect(findJsonError('{} x')).toMatchObject({ reason: 'unexpected text after the JSON value' });
    expect(findJsonError('')).toMatchObject({ reason: 'unexpected end of text' });
    expect(findJsonError('"\\x"')).toMatchObject({ reason: 'bad escape in string' });
  });

  it('copes with deep nesting without recursion limits', () => {
    expect(findJsonError(`${'['.repeat(100000)}${']'.repeat(100000)}`)).toBeUndefined();
    expect(findJsonError(`${'['.repeat(100000)}`)).toBeDefined();
  });
});
