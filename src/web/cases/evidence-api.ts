import type { BodyOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** The evidence matrix and links as the server answers them (generated contract). */
export type EvidenceMatrix = ResponseOf<'/api/cases/allegations/{id}/matrix', 'get'>;
export type EvidenceLink = ResponseOf<'/api/cases/allegations/{id}/evidence', 'get'>['links'][number];
export type EvidenceLinkBody = BodyOf<'/api/cases/allegations/{id}/evidence', 'post'>;

/** The server answers at most this many links a page. */
export const LINK_PAGE = 1000;

export const evidenceApi = {
  matrix: (id: string) => call('get', '/api/cases/allegations/{id}/matrix', { params: { id } }),
  links: (id: string, query: { element?: string; limit?: number; offset?: number }) => call('get', '/api/cases/allegations/{id}/evidence', { params: { id }, query }),
  link: (id: string, body: EvidenceLinkBody) => call('post', '/api/cases/allegations/{id}/evidence', { params: { id }, body }),
  remove: (linkId: string) => call('delete', '/api/cases/evidence/{linkId}', { params: { linkId } }),
  caseFile: (id: string) => call('post', '/api/cases/allegations/{id}/case-file', { params: { id }, body: { container: 'zip' } }),
  /** Every link the reader may see, page by page (the print view). */
  async allLinks(id: string): Promise<EvidenceLink[]> {
    const all: EvidenceLink[] = [];
    for (let offset = 0; ; offset += LINK_PAGE) {
      const page = await evidenceApi.links(id, { limit: LINK_PAGE, offset });
      all.push(...page.links);
      if (page.links.length < LINK_PAGE) return all;
    }
  },
};
