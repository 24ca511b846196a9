/** Where the registry's pages live: the module is mounted at /claims (see src/web/modules.tsx). */
export const BASE = '/claims';
export const paths = {
  home: BASE,
  claims: `${BASE}/list`,
  claim: (id: string) => `${BASE}/claims/${encodeURIComponent(id)}`,
  event: (id: string) => `${BASE}/events/${encodeURIComponent(id)}`,
  recognition: `${BASE}/recognition`,
  contested: `${BASE}/contested`,
  country: (code: string) => `${BASE}/countries/${encodeURIComponent(code)}`,
  import: `${BASE}/import`,
  records: `${BASE}/records`,
  newRecord: (kind: string) => `${BASE}/records/${encodeURIComponent(kind)}/new`,
  editRecord: (kind: string, id: string) => `${BASE}/records/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/edit`,
};
