import { describe, expect, it } from 'vitest';
import { hasMessage, loadCatalogues, loadedMessages, loadMessages, messagesVersion, requestMissingKey, subscribeMessages } from './languages.ts';

/** A fresh module state (this file loads nothing up front): what a first page holds, and what a route adds. */
describe('loading module catalogues with their routes', () => {
  it('starts with the shell only: no module string on a first page', () => {
    expect(loadedMessages('en')?.['nav.archive']).toBe('Archive');
    expect(loadedMessages('en')?.['registry.tab.claims']).toBeUndefined();
    expect(hasMessage('registry.tab.claims')).toBe(false);
  });

  it('fetches a catalogue in English and in the language on screen, and tells the page', async () => {
    await loadMessages('hy');
    let told = 0;
    const stop = subscribeMessages(() => (told += 1));
    const before = messagesVersion();
    await loadCatalogues(['estimates']);
    stop();
    expect(told).toBeGreaterThan(0);
    expect(messagesVersion()).toBeGreaterThan(before);
    expect(hasMessage('estimates.chainEss')).toBe(true);
    expect(loadedMessages('hy')?.['estimates.chainEss']).toBeTruthy();
    expect(loadedMessages('ru')).toBeUndefined();
  });

  it('a language chosen later brings the catalogues asked for so far', async () => {
    const ru = await loadMessages('ru');
    expect(ru['estimates.chainEss']).toBeTruthy();
    expect(ru['nav.archive']).toMatch(/[\u0400-\u04FF]/);
  });

  it('fetches the catalogue a stray key names by its prefix; a key of no catalogue fetches nothing', async () => {
    expect(requestMissingKey('registry.tab.claims')).toBe(true);
    await expect.poll(() => hasMessage('registry.tab.claims')).toBe(true);
    expect(requestMissingKey('registry.tab.claims')).toBe(false);
    expect(requestMissingKey('nosuch.key')).toBe(false);
    expect(requestMissingKey('__proto__.x')).toBe(false);
    expect(requestMissingKey('')).toBe(false);
  });
});
