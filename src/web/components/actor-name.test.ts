import { describe, expect, it } from 'vitest';
import { isUsername } from './actor-name.ts';

describe('isUsername', () => {
  it('is true for a person’s username, false for the system, a visitor or nobody', () => {
    expect(isUsername('field-team')).toBe(true);
    expect(isUsername('system: extraction')).toBe(false);
    expect(isUsername('system: something new')).toBe(false);
    expect(isUsername('public')).toBe(false);
    expect(isUsername(null)).toBe(false);
    expect(isUsername('')).toBe(false);
  });
});
