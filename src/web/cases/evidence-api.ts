import type { BodyOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** The evidence matrix and links as the server answers them (generated contract). */
export type EvidenceMatrix = ResponseOf<'/api/cases/allegations/{id}/matrix', 'get'>;
export type EvidenceLink = ResponseOf<'/api/cases/allegations/{id}/evidence', 'get'>['links'][number];
export type EvidenceLinkBody = BodyOf<'/api/cases/allegations/{id}/evidence', 'post'>;

/** The server answers at most this many links a page. */
export const LINK_PAGE = 1000;
/** How many pages of links the print view asks for at once. */
const PAGES_AT_ONCE = 4;

export const evidenceApi = {
  matrix: (id: string) => call('get', '/api/cases/allegations/{id}/matrix', { params: { id } }),
  links: (id: string, query: { element?: string; limit?: number; offset?: number }) => call('get', '/api/cases/allegations/{id}/evidence', { params: { id }, query }),
  link: (id: string, body: EvidenceLinkBody) => call('post', '/api/cases/allegations/{id}/evidence', { params: { id }, body }),
  remove: (linkId: string) => call('delete', '/api/cases/evidence/{linkId}', { params: { linkId } }),
  caseFile: (id: string) => call('post', '/api/cases/allegations/{id}/case-file', { params: { id }, body: { container: 'zip' } }),
  /**
   * Every link the reader may see, page by page (the print view). Given how many there are (the matrix's total, which
   * counts the same visible links), the pages after the first are asked for PAGES_AT_ONCE at a time instead of one
   * after another; pages are then read on until one comes back short, so links added meanwhile are not lost, and a
   * link seen twice (pages shifted by a change in between) is kept once.
   */
  async allLinks(id: string, expected?: Promise<number>): Promise<EvidenceLink[]> {
    const page = (offset: number) => evidenceApi.links(id, { limit: LINK_PAGE, offset }).then((answer) => answer.links);
    const pages: EvidenceLink[][] = [];
    let offset = 0;
    if (expected) {
      const [first, total] = await Promise.all([page(0), expected]);
      pages.push(first);
      offset = LINK_PAGE;
      if (first.length === LINK_PAGE) {
        const offsets: number[] = [];
        for (let o = LINK_PAGE; o < total; o += LINK_PAGE) offsets.push(o);
        for (let i = 0; i < offsets.length; i += PAGES_AT_ONCE) pages.push(...(await Promise.all(offsets.slice(i, i + PAGES_AT_ONCE).map(page))));
        offset += offsets.length * LINK_PAGE;
      }
    }
    while (pages.length === 0 || pages[pages.length - 1].length === LINK_PAGE) {
      pages.push(await page(offset));
      offset += LINK_PAGE;
    }
    const seen = new Set<string>();
    return pages.flat().filter((link) => !seen.has(link.id) && Boolean(seen.add(link.id)));
  },
};
