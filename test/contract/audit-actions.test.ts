import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/core/audit/actions.ts';
import { auditEn } from '../../src/web/audit/i18n/en.ts';
import { auditAz } from '../../src/web/audit/i18n/az.ts';
import { auditHy } from '../../src/web/audit/i18n/hy.ts';
import { auditRu } from '../../src/web/audit/i18n/ru.ts';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The action names the server's code can write into the audit log, read from its source: the literal or template
 * after `action:` (with every literal of a ternary there), and the constant an `action: NAME` refers to. A template
 * (`cases.${kind}_${action}`) is kept as a pattern its expansions must meet.
 */
function writtenActions(): Array<{ where: string; name: string; template: boolean }> {
  const found: Array<{ where: string; name: string; template: boolean }> = [];
  // Constants may come from another file (src/core/cases/evidence-record.ts holds the evidence links' names).
  const constants = new Map<string, string>();
  for (const file of sources(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bconst ([A-Z][A-Z_]+) = '([a-z_]+\.[a-z_]+)'/g)) constants.set(m[1], m[2]);
  }
  for (const file of [...sources(join(root, 'src', 'server')), ...sources(join(root, 'src', 'cli'))]) {
    const text = readFileSync(file, 'utf8');
    if (!/recordAudits?\(/.test(text)) continue;
    const where = relative(root, file);
    for (const line of text.split('\n')) {
      const after = /\baction: (.*)$/.exec(line)?.[1];
      if (!after || /^(string|z\.|input\.|r\.|row\.|e\.|event\.)/.test(after)) continue;
      for (const m of after.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.push({ where, name: m[1], template: false });
      for (const m of after.matchAll(/`([^`]*\$\{[^`]*)`/g)) found.push({ where, name: m[1], template: true });
      const constant = /^([A-Z][A-Z_]+)\b/.exec(after)?.[1];
      if (constant) {
        found.push({ where, name: constants.get(constant) ?? `<${constant} not found>`, template: false });
      }
    }
  }
  return found;
}

describe('audit actions have words in four languages', () => {
  it('finds, in the server code, only action names that src/core/audit/actions.ts lists', () => {
    const written = writtenActions();
    // The scan must see the bulk of them, or it has stopped reading the code.
    expect(new Set(written.map((w) => w.name)).size).toBeGreaterThan(70);
    const listed = new Set<string>(AUDIT_ACTIONS);
    const missing = written.filter((w) => {
      if (!w.template) return !listed.has(w.name);
      const pattern = new RegExp(`^${w.name.replace(/\./g, '\\.').replace(/\$\{[^}]*\}/g, '[a-z_]+')}$`);
      return !AUDIT_ACTIONS.some((a) => pattern.test(a));
    });
    expect(missing).toEqual([]);
  });

  it('names every listed action in English, Azerbaijani, Armenian and Russian, and nothing else', () => {
    for (const [language, catalogue] of Object.entries({ en: auditEn, az: auditAz, hy: auditHy, ru: auditRu })) {
      const keys = Object.keys(catalogue).filter((k) => k !== 'auditAction.other' && k !== 'auditAction.technical');
      expect(keys.sort(), language).toEqual(AUDIT_ACTIONS.map((a) => `auditAction.${a}`).sort());
      for (const [key, label] of Object.entries(catalogue)) {
        expect(label.trim().length, `${language} ${key}`).toBeGreaterThan(2);
        // A label is words, not the code again.
        expect(label, `${language} ${key}`).not.toMatch(/\b[a-z]+[._][a-z_]+\b/);
      }
    }
  });
});
