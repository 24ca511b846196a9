/** summary.csv: one `key,value` row per fact about the conversation, no header. */
import { PolisFormatError, parseOptionalNumber, readCsv, writeCsv, clip } from './csv.ts';

export interface PolisSummary {
  topic: string;
  url: string;
  views: number | null;
  voters: number | null;
  votersInConv: number | null;
  commenters: number | null;
  comments: number | null;
  groups: number | null;
  description: string;
  /** Rows with keys this reader does not know, kept in order so they survive a round trip. */
  extra: [string, string][];
}

const NUMERIC = {
  views: 'views',
  voters: 'voters',
  'voters-in-conv': 'votersInConv',
  commenters: 'commenters',
  comments: 'comments',
  groups: 'groups',
} as const;

export function parseSummary(text: string, file = 'summary.csv'): PolisSummary {
  const summary: PolisSummary = {
    topic: '',
    url: '',
    views: null,
    voters: null,
    votersInConv: null,
    commenters: null,
    comments: null,
    groups: null,
    description: '',
    extra: [],
  };
  const seen = new Set<string>();
  readCsv(text, file, (fields, line) => {
    if (fields.length !== 2) {
      throw new PolisFormatError(file, line, `expected 2 fields (key,value), found ${fields.length}`);
    }
    const [rawKey, value] = fields;
    const key = rawKey.trim();
    if (key === '') throw new PolisFormatError(file, line, 'empty key');
    if (seen.has(key)) throw new PolisFormatError(file, line, `key "${clip(key)}" appears twice`);
    seen.add(key);
    if (key === 'topic') summary.topic = value;
    else if (key === 'url') summary.url = value;
    else if (key === 'conversation-description') summary.description = value;
    else if (key in NUMERIC) {
      const n = parseOptionalNumber(value, file, line, key);
      if (n !== null && (!Number.isInteger(n) || n < 0)) {
        throw new PolisFormatError(file, line, `"${clip(value)}" is not a non-negative integer`, key);
      }
      summary[NUMERIC[key as keyof typeof NUMERIC]] = n;
    } else summary.extra.push([key, value]);
  });
  return summary;
}

export function serialiseSummary(summary: PolisSummary): string {
  const n = (v: number | null) => (v === null ? '' : String(v));
  return writeCsv([
    ['topic', summary.topic],
    ['url', summary.url],
    ['views', n(summary.views)],
    ['voters', n(summary.voters)],
    ['voters-in-conv', n(summary.votersInConv)],
    ['commenters', n(summary.commenters)],
    ['comments', n(summary.comments)],
    ['groups', n(summary.groups)],
    ['conversation-description', summary.description],
    ...summary.extra,
  ]);
}
