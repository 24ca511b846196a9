import { describe, expect, it } from 'vitest';
import { parseExpiryDays } from './account/expiry.ts';
import { formatDetails, MAX_DETAILS_CHARS } from './admin/auditFormat.ts';
import { canAccess } from './auth/access.ts';
import type { User } from './api/types.ts';
import { safeNext } from './login/safeNext.ts';
import { MODULES } from './modules.tsx';

const user = (role: User['role']): User => ({
  id: 'u1',
  username: 'ani',
  displayName: 'Ani',
  role,
  locale: null,
  mustChangePassword: false,
});

describe('safeNext', () => {
  it('follows same-site paths', () => {
    expect(safeNext('/archive')).toBe('/archive');
    expect(safeNext('/admin/users?x=1#top')).toBe('/admin/users?x=1#top');
  });

  it('refuses anything that could leave the site or loop', () => {
    for (const hostile of [
      null,
      undefined,
      '',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\n/evil.example',
      '/login?next=/login',
      'archive',
    ]) {
      expect(safeNext(hostile), String(hostile)).toBe('/');
    }
  });
});

describe('parseExpiryDays', () => {
  it('treats empty as never and accepts whole days in range', () => {
    expect(parseExpiryDays('')).toBeNull();
    expect(parseExpiryDays('   ')).toBeNull();
    expect(parseExpiryDays('30')).toBe(30);
    expect(parseExpiryDays(' 1 ')).toBe(1);
    expect(parseExpiryDays('3650')).toBe(3650);
  });

  it('rejects fractions, signs, zero, out-of-range and junk', () => {
    for (const bad of ['0', '-5', '1.5', '3651', '1e3', '99999999999999999999', 'ten', '30 days', '<script>']) {
      expect(parseExpiryDays(bad), bad).toBe('invalid');
    }
  });
});

describe('formatDetails', () => {
  it('renders objects compactly and leaves strings alone', () => {
    expect(formatDetails({ role: 'editor' })).toBe('{"role":"editor"}');
    expect(formatDetails('<b>x</b>')).toBe('<b>x</b>');
    expect(formatDetails(null)).toBe('');
    expect(formatDetails(undefined)).toBe('');
    expect(formatDetails({})).toBe('');
    expect(formatDetails([])).toBe('');
  });

  it('cuts oversized details and survives values JSON cannot encode', () => {
    const huge = formatDetails({ blob: 'x'.repeat(100_000) });
    expect(huge.length).toBe(MAX_DETAILS_CHARS + 1);
    expect(huge.endsWith('…')).toBe(true);
    expect(formatDetails(10n)).toBe('10');
  });
});

describe('access', () => {
  it('lets the public see public pages only', () => {
    expect(canAccess('public', null)).toBe(true);
    expect(canAccess('signed-in', null)).toBe(false);
    expect(canAccess(['admin'], null)).toBe(false);
  });

  it('checks roles for signed-in users', () => {
    expect(canAccess('signed-in', user('viewer'))).toBe(true);
    expect(canAccess(['admin'], user('viewer'))).toBe(false);
    expect(canAccess(['admin'], user('admin'))).toBe(true);
    expect(canAccess(['editor', 'reviewer'], user('reviewer'))).toBe(true);
  });
});

describe('module registry', () => {
  it('has unique ids and paths, each a single top-level segment', () => {
    const ids = MODULES.map((module) => module.id);
    const paths = MODULES.map((module) => module.path);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/[a-z][a-z0-9-]*$/);
    expect(paths).not.toContain('/login');
    expect(paths).not.toContain('/account');
  });

  it('lists the foundation modules and keeps admin for admins', () => {
    // other modules may be added; these must stay, with admin last in the navigation
    const ids = MODULES.map((module) => module.id);
    expect(ids).toEqual(expect.arrayContaining(['archive', 'claims', 'casualties', 'estimates', 'dialogue', 'admin']));
    expect(ids[ids.length - 1]).toBe('admin');
    expect(MODULES.find((module) => module.id === 'admin')?.access).toEqual(['admin']);
  });
});
