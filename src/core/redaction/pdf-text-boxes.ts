/**
 * Where a piece of text sits on a PDF page, from the text layer that pdf.js produces (`page.getTextContent()`):
 * each text item carries its string, its transform (PDF user space) and its advance width. Used by the server to
 * redact by text and by the web app to propose boxes, so both find the same places. Pure and dependency-free: the
 * caller passes the items and the page viewport.
 *
 * Character positions inside an item are estimated in proportion to its width (pdf.js does not report per-glyph
 * advances), and boxes are padded by a fraction of the font size, so a box may cover a little of the neighbouring
 * letters but not less than the text. Boxes are fractions of the page as displayed (rotation applied), origin top
 * left, which is also how boxes drawn by hand are sent.
 */

export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: text space to PDF user space. */
  transform: number[];
  /** Advance width of the whole string, in user space units. */
  width: number;
  /** Font height in user space units. */
  height: number;
}

export interface PdfViewport {
  width: number;
  height: number;
  /** [a, b, c, d, e, f]: PDF user space to the viewport (pdf.js `viewport.transform`). */
  transform: number[];
}

/** A rectangle on a page, as fractions of the page's displayed width and height, origin top left. */
export interface PageBox {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Longest query matched (a redaction target is a name, a phrase, a line). */
export const MAX_QUERY_CHARS = 500;

/** Below and above the baseline, and to each side, as fractions of the font size. */
const DESCENT = 0.3;
const ASCENT = 1.0;
const SIDE = 0.1;

/** Case-folded, compatibility-normalised, one character at a time so positions map back to the item. */
function fold(ch: string): string {
  return ch.normalize('NFKC').toLocaleLowerCase('und');
}

/** The query as matched: folded, whitespace runs as one space, trimmed. Empty when nothing is left. */
export function foldQuery(query: string): string {
  let out = '';
  for (const ch of query.trim()) out += /\s/u.test(ch) ? ' ' : fold(ch);
  return out.replace(/ +/g, ' ');
}

interface Position {
  item: number;
  char: number;
}

/**
 * Every occurrence of the query on one page (items joined with a space where pdf.js ends a run, whitespace runs
 * folded to one space), as boxes: one per item a match touches. Overlapping occurrences are all found.
 */
export function findTextBoxes(page: number, items: readonly PdfTextItem[], viewport: PdfViewport, query: string): PageBox[] {
  const wanted = foldQuery(query);
  if (!wanted || wanted.length > MAX_QUERY_CHARS) return [];
  let text = '';
  const positions: Position[] = [];
  const push = (s: string, position: Position) => {
    for (const unit of s) {
      text += unit;
      positions.push(position);
    }
  };
  items.forEach((item, index) => {
    const chars = [...(item.str ?? '')];
    chars.forEach((ch, char) => {
      const folded = /\s/u.test(ch) ? ' ' : fold(ch);
      if (folded === ' ' && text.endsWith(' ')) return;
      push(folded, { item: index, char });
    });
    if (!text.endsWith(' ')) push(' ', { item: index, char: chars.length });
  });
  const boxes: PageBox[] = [];
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
    // The characters of the match grouped by item: [first, last] character of each item it touches.
    const spans = new Map<number, [number, number]>();
    for (let k = at; k < at + wanted.length; k++) {
      const { item, char } = positions[k];
      if (char >= [...(items[item].str ?? '')].length) continue; // the space joining two items
      const span = spans.get(item);
      if (span) span[1] = Math.max(span[1], char);
      else spans.set(item, [char, char]);
    }
    for (const [item, [first, last]] of spans) {
      const box = itemBox(items[item], first, last + 1, viewport);
      if (box) boxes.push({ page, ...box });
    }
  }
  return boxes;
}

/** The displayed box of characters [from, to) of an item, or null when its geometry is unusable. */
function itemBox(item: PdfTextItem, from: number, to: number, viewport: PdfViewport): Omit<PageBox, 'page'> | null {
  const [a, b, c, d, e, f] = item.transform;
  const length = [...item.str].length;
  if (![a, b, c, d, e, f, item.width, item.height, viewport.width, viewport.height].every(Number.isFinite) || length === 0) return null;
  if (viewport.width <= 0 || viewport.height <= 0) return null;
  // Direction of the text and of "up", as unit vectors in user space; the font size is the height pdf.js reports.
  const run = Math.hypot(a, b) || 1;
  const dir = [a / run, b / run];
  const rise = Math.hypot(c, d) || 1;
  const up = [c / rise, d / rise];
  const size = item.height > 0 ? item.height : rise;
  const start = (item.width * from) / length - SIDE * size;
  const end = (item.width * to) / length + SIDE * size;
  const corners = [
    [start, -DESCENT * size],
    [end, -DESCENT * size],
    [start, ASCENT * size],
    [end, ASCENT * size],
  ].map(([along, across]) => toViewport(viewport.transform, e + dir[0] * along + up[0] * across, f + dir[1] * along + up[1] * across));
  const xs = corners.map((p) => p[0] / viewport.width);
  const ys = corners.map((p) => p[1] / viewport.height);
  const x0 = Math.max(0, Math.min(...xs));
  const y0 = Math.max(0, Math.min(...ys));
  const x1 = Math.min(1, Math.max(...xs));
  const y1 = Math.min(1, Math.max(...ys));
  if (!(x1 > x0 && y1 > y0)) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function toViewport(m: number[], x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}
