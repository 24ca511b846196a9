import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { loadAllMessages } from '../i18n/languages.ts';
import { dialogueReceiptUrls, estimateReceiptUrls, linkageRunReceiptUrls, ReceiptLink, receiptProps, registryReceiptUrls, statisticsReceiptUrls } from './ReceiptLink.tsx';

describe('ReceiptLink', () => {
  afterEach(() => vi.unstubAllGlobals());
  // Translations load on demand; a static render has no second pass, so they are fetched first.
  beforeAll(() => loadAllMessages());

  const render = (language: string, inputUrl?: string) => {
    vi.stubGlobal('navigator', { languages: [language], language });
    return renderToStaticMarkup(
      <I18nProvider>
        <ReceiptLink receiptUrl="/api/estimates/abc/receipt" receiptFile="estimate-abc-receipt.json" inputUrl={inputUrl} inputFile="estimate-abc-input.csv" />
      </I18nProvider>,
    );
  };

  it('offers the receipt and the input for download, with the command that verifies them, in the reader’s language', () => {
    const html = render('ru', '/api/estimates/abc/receipt/input.csv');
    expect(html).toContain('Проверить эту цифру');
    // the command names the files as the server serves them, which is how the browser saves them
    expect(html).toContain('href="/api/estimates/abc/receipt" download="estimate-abc-receipt.json"');
    expect(html).toContain('href="/api/estimates/abc/receipt/input.csv" download="estimate-abc-input.csv"');
    expect(html).toContain('reckon receipt verify estimate-abc-receipt.json --data estimate-abc-input.csv --key &lt;public key&gt;');
    expect(render('hy')).toContain('Ստուգել այս թիվը');
    expect(render('az')).toContain('Bu rəqəmi yoxlayın');
  });

  it('escapes an id in the addresses it builds', () => {
    expect(estimateReceiptUrls('a/../b?c')).toMatchObject({ receipt: '/api/estimates/a%2F..%2Fb%3Fc/receipt', input: '/api/estimates/a%2F..%2Fb%3Fc/receipt/input.csv' });
    expect(statisticsReceiptUrls('r/..', 3)).toMatchObject({ receipt: '/api/casualties/runs/r%2F../stats/receipt?minCell=3', input: '/api/casualties/runs/r%2F../stats/receipt/persons.csv' });
    expect(statisticsReceiptUrls('r1')).toMatchObject({ receiptFile: 'statistics-r1-receipt.json', inputFile: 'statistics-r1-persons.csv' });
    expect(statisticsReceiptUrls('r').receipt).toBe('/api/casualties/runs/r/stats/receipt');
    expect(dialogueReceiptUrls('c/../x')).toMatchObject({ receipt: '/api/dialogue/conversations/c%2F..%2Fx/report/receipt', input: '/api/dialogue/conversations/c%2F..%2Fx/report/receipt/votes.csv' });
    expect(dialogueReceiptUrls('c1')).toMatchObject({ receiptFile: 'dialogue-c1-receipt.json', inputFile: 'dialogue-c1-votes.csv' });
  });

  it('says when the rows are not public, and lists several inputs under their own names in the receipt’s order', () => {
    vi.stubGlobal('navigator', { languages: ['en'], language: 'en' });
    const closed = renderToStaticMarkup(
      <I18nProvider>
        <ReceiptLink {...receiptProps(dialogueReceiptUrls('c'), false)} inputNotPublic />
      </I18nProvider>,
    );
    expect(closed).toContain('The rows these figures were computed from are not public');
    const registry = registryReceiptUrls();
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ReceiptLink receiptUrl={registry.receipt} receiptFile={registry.receiptFile} inputs={registry.inputs} />
      </I18nProvider>,
    );
    expect(html).toContain('href="/api/registry/figures/receipt/claims.csv" download="claims.csv"');
    expect(html).toContain('reckon receipt verify registry-figures-receipt.json --data sources.csv actors.csv events.csv claims.csv');
    expect(registryReceiptUrls('E/1&x').receipt).toBe('/api/registry/figures/receipt?event=E%2F1%26x');
  });

  it("offers a linkage run's receipt with its records and decisions tables, in the order the command takes them", () => {
    vi.stubGlobal('navigator', { languages: ['hy'], language: 'hy' });
    const run = linkageRunReceiptUrls('r/../x');
    const named = linkageRunReceiptUrls('r1');
    expect([named.receiptFile, ...named.inputs.map((i) => i.name)]).toEqual(['run-r1-receipt.json', 'run-r1-records.csv', 'run-r1-decisions.csv']);
    expect(run.receipt).toBe('/api/casualties/runs/r%2F..%2Fx/receipt');
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ReceiptLink receiptUrl={run.receipt} receiptFile={run.receiptFile} inputs={run.inputs} />
      </I18nProvider>,
    );
    expect(html).toContain('Ստուգել այս թիվը');
    expect(html).toContain('href="/api/casualties/runs/r%2F..%2Fx/receipt/records.csv" download="run-r/../x-records.csv"');
    expect(html).toContain('href="/api/casualties/runs/r%2F..%2Fx/receipt/decisions.csv" download="run-r/../x-decisions.csv"');
    expect(html).toContain('reckon receipt verify run-r/../x-receipt.json --data run-r/../x-records.csv run-r/../x-decisions.csv');
  });
});
