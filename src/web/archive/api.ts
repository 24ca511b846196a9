import { request } from '../api/client.ts';

/** Types of the archive API (src/server/archive/schemas.ts), as the web pages read them. */
export interface ArchiveItem {
  id: string;
  kind: string;
  title: string;
  description: string;
  languages: string[];
  eventDate: string | null;
  place: { name: string | null; country: string | null; latitude: number | null; longitude: number | null };
  confidentiality: 'public' | 'restricted' | 'confidential';
  state: 'draft' | 'published';
  extractionState: string;
  createdAt: string;
}

export interface ArchiveFile {
  id: string;
  sha256: string;
  sha512: string;
  size: number;
  mime: string | null;
  encrypted: boolean;
  filename: string;
  role: 'original' | 'derivative';
  derivedFrom: string | null;
  confidentiality: string;
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  items: ArchiveItem[];
  facets: Record<'kind' | 'language' | 'country' | 'confidentiality' | 'extractionState' | 'year', Facet[]>;
}

export interface CustodyEvent {
  id: number;
  at: string;
  actorName: string;
  action: string;
  details: Record<string, unknown>;
}

export const archiveApi = {
  search: (query: Record<string, string>) => request<SearchResult>('/api/archive/items', { query }),
  item: (id: string) => request<ArchiveItem & { files: ArchiveFile[] }>(`/api/archive/items/${encodeURIComponent(id)}`),
  custody: (id: string) => request<{ events: CustodyEvent[] }>(`/api/archive/items/${encodeURIComponent(id)}/custody`),
  setState: (id: string, verb: 'publish' | 'unpublish') => request<{ item: ArchiveItem }>(`/api/archive/items/${encodeURIComponent(id)}/${verb}`, { method: 'POST' }),
};

export const fileUrl = (itemId: string, fileId: string, inline = false) =>
  `/api/archive/items/${encodeURIComponent(itemId)}/files/${encodeURIComponent(fileId)}/content${inline ? '?inline=1' : ''}`;

/**
 * Uploads one file with XMLHttpRequest, which (unlike fetch) reports upload progress. The CSRF token comes from the
 * session endpoint, as for every other write.
 */
export async function uploadFile(file: File, confidentiality: string, onProgress: (fraction: number) => void): Promise<{ item: ArchiveItem; duplicate: boolean }> {
  const session = await request<{ csrfToken: string | null }>('/api/auth/session');
  const form = new FormData();
  form.append('metadata', JSON.stringify({ confidentiality }));
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/archive/upload');
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: { item?: ArchiveItem; duplicate?: boolean; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Reported below with the status.
      }
      if (xhr.status === 201 && body.item) resolve({ item: body.item, duplicate: Boolean(body.duplicate) });
      else reject(new Error(body.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(form);
  });
}
