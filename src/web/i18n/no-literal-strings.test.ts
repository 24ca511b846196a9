import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadAllMessages } from './languages.ts';

const { en } = await loadAllMessages();

/**
 * A static check that components do not show untranslated text: JSX text with letters in it, and string literals
 * given to attributes a person reads or hears (labels, titles, placeholders, alt text), must come from `t(...)`.
 * Only letters count, so punctuation such as " · " between translated pieces is allowed; a literal that is a message
 * key (a component prop such as `title="archive.title"`, translated inside) is allowed too.
 */
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
// HTML attributes people read or hear, and this app's own component props that carry visible text
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'hint', 'lead', 'summary']);
const LETTER = /\p{L}/u;

function componentFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...componentFiles(path));
    else if (path.endsWith('.tsx') && !path.endsWith('.test.tsx')) files.push(path);
  }
  return files;
}

export function findLiteralStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${fileName}:${line + 1}`;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) {
      found.push(`${where(node)} text ${JSON.stringify(node.text.trim())}`);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const literal =
        ts.isStringLiteral(init)
          ? init.text
          : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))
            ? init.expression.text
            : null;
      if (literal !== null && LETTER.test(literal) && !(literal in en)) found.push(`${where(node)} ${node.name.getText(file)}=${JSON.stringify(literal)}`);
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression) && LETTER.test(node.expression.text)) {
      const parent = node.parent;
      if (parent && (ts.isJsxElement(parent) || ts.isJsxFragment(parent))) {
        found.push(`${where(node)} text ${JSON.stringify(node.expression.text)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no literal user-visible strings in components', () => {
  it('finds the kinds of literal it is meant to catch', () => {
    const sample = `
      const a = <p>Hello there</p>;
      const b = <button aria-label="Close">×</button>;
      const c = <input placeholder={'Search'} />;
      const d = <p>{'Inline literal'}</p>;
      const ok = <p>{t('nav.home')} · {count}</p>;
      const ok2 = <div className="panel" id="main" />;
      const ok3 = <Placeholder title="archive.title" />;`;
    const found = findLiteralStrings('sample.tsx', sample);
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/Hello there/);
    expect(found.join('\n')).toMatch(/aria-label="Close"/);
    expect(found.join('\n')).toMatch(/placeholder="Search"/);
    expect(found.join('\n')).toMatch(/Inline literal/);
  });

  it('passes for every component under src/web', () => {
    const files = componentFiles(webRoot);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((path) => findLiteralStrings(relative(webRoot, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });
});
