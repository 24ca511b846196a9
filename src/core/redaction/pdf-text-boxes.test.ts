import { describe, expect, it } from 'vitest';
import { findTextBoxes, foldQuery, type PdfTextItem, type PdfViewport } from './pdf-text-boxes.ts';

/** A portrait A4 page at scale 1, as pdf.js describes it: user space y up, viewport y down. */
const page: PdfViewport = { width: 595, height: 842, transform: [1, 0, 0, -1, 0, 842] };
const item = (str: string, x: number, y: number, width: number, size = 10): PdfTextItem => ({ str, transform: [size, 0, 0, size, x, y], width, height: size });

describe('boxes around text on a PDF page', () => {
  it('boxes one word inside an item, in proportion to its width, padded, as fractions from the top left', () => {
    const boxes = findTextBoxes(1, [item('Alpha Bravo Charlie', 100, 742, 190)], page, 'bravo');
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    expect(box.page).toBe(1);
    // "Bravo" is characters 6–11 of 19: x from 100 + 60 to 100 + 110, padded by a tenth of the font size.
    expect(box.x * 595).toBeCloseTo(159, 5);
    expect((box.x + box.w) * 595).toBeCloseTo(211, 5);
    // Baseline at 100 pt from the top: the box reaches a font size above it and 0.3 of it below.
    expect(box.y * 842).toBeCloseTo(90, 5);
    expect((box.y + box.h) * 842).toBeCloseTo(103, 5);
  });

  it('finds a phrase split over items and lines, whatever the case and spacing, with one box per item', () => {
    const items = [item('Statement of Ali', 50, 700, 160), item('Mammadov, recorded', 50, 680, 180)];
    const boxes = findTextBoxes(2, items, page, '  ali   MAMMADOV ');
    expect(boxes).toHaveLength(2);
    expect(boxes.map((b) => b.page)).toEqual([2, 2]);
    expect(boxes[0].y).toBeLessThan(boxes[1].y);
  });

  it('finds every occurrence and folds compatibility forms (ﬁ ligature, full-width letters)', () => {
    expect(findTextBoxes(1, [item('ﬁle and file', 50, 700, 120)], page, 'file')).toHaveLength(2);
    expect(findTextBoxes(1, [item('ＡＢＣ abc', 50, 700, 70)], page, 'abc')).toHaveLength(2);
  });

  it('boxes rotated text by its corners', () => {
    // Text running up the page (a quarter turn): the box is tall and narrow.
    const rotated: PdfTextItem = { str: 'Sideways', transform: [0, 10, -10, 0, 300, 300], width: 80, height: 10 };
    const [box] = findTextBoxes(1, [rotated], page, 'sideways');
    expect(box.h * 842).toBeGreaterThan(box.w * 595);
  });

  it('returns nothing for empty, unmatched or hostile queries, and for unusable geometry', () => {
    const items = [item('Alpha', 50, 700, 50)];
    expect(findTextBoxes(1, items, page, '')).toEqual([]);
    expect(findTextBoxes(1, items, page, '   ')).toEqual([]);
    expect(findTextBoxes(1, items, page, 'zulu')).toEqual([]);
    expect(findTextBoxes(1, items, page, 'a'.repeat(600))).toEqual([]);
    expect(findTextBoxes(1, [{ ...items[0], transform: [Number.NaN, 0, 0, 1, 0, 0] }], page, 'alpha')).toEqual([]);
    expect(findTextBoxes(1, items, { ...page, width: 0 }, 'alpha')).toEqual([]);
    expect(findTextBoxes(1, [item('a\u0000b', 50, 700, 30)], page, 'a\u0000b')).toHaveLength(1);
    expect(foldQuery(' A\tB\n ')).toBe('a b');
  });

  it('clips a box at the edge of the page', () => {
    const [box] = findTextBoxes(1, [item('Edge', 560, 835, 60)], page, 'edge');
    expect(box.x + box.w).toBeLessThanOrEqual(1);
    expect(box.y).toBeGreaterThanOrEqual(0);
  });
});
