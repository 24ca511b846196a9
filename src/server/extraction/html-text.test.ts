import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-text.ts';

describe('htmlToText', () => {
  it('keeps visible text and drops scripts, styles, comments and attributes', () => {
    const text = htmlToText(
      '<html><head><title>T</title><script>var secret = "<p>not text</p>";</script></head><body><p title="a > b">Visible &amp; kept</p><style>.x{}</style><!-- <p>comment</p> --><img src=x onerror="alert(1)">after</body></html>',
    );
    expect(text).toBe('Visible & kept\nafter');
  });

  it('survives unclosed tags, stray brackets and unterminated comments without hanging', () => {
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
    expect(htmlToText('<p>open <b>bold')).toBe('open bold');
    expect(htmlToText('before<!-- never closed')).toBe('before');
    expect(htmlToText('<script>never closed')).toBe('');
    expect(htmlToText('<script>a</script>'.repeat(50_000) + 'end')).toBe('end');
    const big = '<div>'.repeat(100_000);
    const started = Date.now();
    expect(htmlToText(big)).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('decodes numeric and named references, and replaces invalid code points', () => {
    expect(decodeEntities('&#1040;&#x0531;&laquo;x&raquo;&nosuch;&#xD800;&#0;')).toBe('АԱ«x»&nosuch;\uFFFD\uFFFD');
  });
});
