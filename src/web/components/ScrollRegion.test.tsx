import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScrollRegion } from './ScrollRegion.tsx';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx$/.test(entry.name) && !/\.test\.tsx$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

describe('ScrollRegion', () => {
  it('is a focusable region named by words or by the heading it points at', () => {
    const named = renderToStaticMarkup(
      <ScrollRegion label="Persons">
        <table />
      </ScrollRegion>,
    );
    expect(named).toBe('<div class="table-wrap" tabindex="0" role="region" aria-label="Persons"><table></table></div>');
    const pointed = renderToStaticMarkup(
      <ScrollRegion labelledBy="users-title" className="wide">
        <table />
      </ScrollRegion>,
    );
    expect(pointed).toContain('class="table-wrap wide"');
    expect(pointed).toContain('aria-labelledby="users-title"');
    expect(pointed).not.toContain('aria-label=');
  });

  it('escapes the words it is named by', () => {
    expect(renderToStaticMarkup(<ScrollRegion label={'"><script>x</script>'}>{null}</ScrollRegion>)).toContain(
      'aria-label="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"',
    );
  });

  // Thirty tables scrolled out of a keyboard's reach (axe scrollable-region-focusable, WCAG 2.1.1) because each page
  // wrapped its own: every scrolling wrapper is now this component, and a bare one fails here.
  it('is the only scrolling table wrapper in the web app', () => {
    const bare = sources(webRoot)
      .filter((file) => !file.endsWith(join('components', 'ScrollRegion.tsx')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/className=["'{`][^"'}`]*\b[\w-]*table-wrap\b/.test(line) ? [`${relative(webRoot, file)}:${i + 1}`] : [])),
      );
    expect(bare).toEqual([]);
    const users = sources(webRoot).filter((file) => readFileSync(file, 'utf8').includes('<ScrollRegion '));
    expect(users.length).toBeGreaterThan(20);
  });
});
