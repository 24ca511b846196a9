import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/en.ts';
import { loadAllMessages } from '../i18n/languages.ts';
import { translate, type Params } from '../i18n/translate.ts';
import type { Source } from './api.ts';
import { attributionText, figureInterval, figureText } from './format.ts';

const { en, ru } = await loadAllMessages(['registry']);
const tEn = (key: MessageKey, params?: Params) => translate(en, en, key, params);
const tRu = (key: MessageKey, params?: Params) => translate(ru, en, key, params);
const source = (publisher: string, title: string, date: string | null): Source => ({
  id: 'S', publisher, title, date, address: null, kind: 'news', language: 'en', archiveItemId: null,
});

describe('registry web formatting', () => {
  it('writes figures in the reader\'s language, breakdowns included', () => {
    const figure = { label: 'examined', value: 1181, breakdown: { mode: 'partial' as const, parts: [{ label: 'children', value: 13 }] } };
    expect(figureText(tEn, figure, 'en')).toBe('1,181 examined (including 13 children)');
    expect(figureText(tRu, { value: 161, qualifier: 'at-least' }, 'ru')).toBe('не менее 161');
    expect(figureText(tEn, { min: 500, max: 1000 }, 'en')).toBe('500–1,000');
  });

  it('always attributes, and does not name a publisher twice when it is the actor', () => {
    expect(attributionText(tEn, 'Example Watch', null, [source('Example Watch', 'Report', '1992')])).toBe('According to Example Watch, “Report” (1992)');
    expect(attributionText(tEn, 'A Ministry', 'as summarised', [source('Gazette', 'Story', null)])).toBe('According to A Ministry (as summarised), Gazette, “Story”');
    expect(attributionText(tEn, 'Someone', null, [])).toBe('According to Someone, no source recorded');
    expect(attributionText(tEn, 'Someone', null, [source('Gazette', 'One', null), source('Gazette', 'Two', null)], true)).toBe('According to Someone, Gazette');
  });

  it('places figures on the chart axis', () => {
    expect(figureInterval({ value: 400, qualifier: 'more-than' })).toEqual({ low: 400, high: null, point: false });
    expect(figureInterval({ value: 613 })).toEqual({ low: 613, high: 613, point: true });
  });
});
