/**
 * Visible text of an HTML document, for search. A small scanner rather than regular expressions over the whole
 * document: content of script, style, template, noscript and similar elements is dropped (never executed, never
 * indexed), comments and tags go, block elements become line breaks, and character references are decoded. The
 * result is plain text; whoever shows it must still escape it.
 */
const dropped = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head']);
const blocks = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article',
  'header', 'footer', 'blockquote', 'pre', 'hr', 'title', 'dd', 'dt', 'figcaption', 'main', 'nav', 'aside',
]);

const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', laquo: '«', raquo: '»',
  hellip: '…', copy: '©', reg: '®', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', euro: '€',
};

export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    const match = /^<\/?([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    if (!match) {
      if (html[lt + 1] === '!' || html[lt + 1] === '?') {
        const end = html.indexOf('>', lt);
        i = end === -1 ? n : end + 1;
      } else {
        out += '<';
        i = lt + 1;
      }
      continue;
    }
    const name = match[1].toLowerCase();
    const closing = html[lt + 1] === '/';
    const tagEnd = findTagEnd(html, lt);
    i = tagEnd;
    if (!closing && dropped.has(name) && !html.slice(lt, tagEnd).endsWith('/>')) {
      // Each search starts where the last one ended, so a document full of such elements is still read once.
      const closer = new RegExp(`</${name}`, 'gi');
      closer.lastIndex = tagEnd;
      const close = closer.exec(html);
      i = close ? findTagEnd(html, close.index) : n;
      if (name === 'head') out += '\n';
      continue;
    }
    if (blocks.has(name)) out += '\n';
  }
  return normaliseWhitespace(decodeEntities(out));
}

/** The end of a tag, skipping '>' inside quoted attribute values. */
function findTagEnd(html: string, start: number): number {
  let quote: string | null = null;
  for (let j = start + 1; j < html.length; j++) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return html.length;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\uFFFD';
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

function normaliseWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\t \u00a0]+/g, ' ').trim())
    .filter((line, index, lines) => line.length > 0 || (index > 0 && lines[index - 1].length > 0))
    .join('\n')
    .trim();
}
