import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './delimiter.ts';

describe('the field separator of a list', () => {
  it('is the one the header line holds most often, outside quotes, the comma on a tie', () => {
    expect(detectDelimiter('id,name,sex\n1,a,b\n')).toBe(',');
    expect(detectDelimiter('№;Фамилия;Имя\n1;Алиев;Рашид\n')).toBe(';');
    expect(detectDelimiter('id\tname\n1\tx\n')).toBe('\t');
    // semicolons inside a quoted header cell do not count; a comma file with one stray semicolon stays a comma file
    expect(detectDelimiter('"a;b;c",name\n')).toBe(',');
    expect(detectDelimiter('id,name;x,sex\n')).toBe(',');
    // one column, an empty text: the comma
    expect(detectDelimiter('name\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });
});
