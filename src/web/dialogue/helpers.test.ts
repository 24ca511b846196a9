import { describe, expect, it } from 'vitest';
import { invitationLink } from './api.ts';
import { groupLabel, heatClass, percent } from './groups.ts';
import { compact, langAttribute, pick, statementText } from './localized.ts';

describe('text in several languages', () => {
  const topic = { en: 'Living side by side', hy: 'Կողք կողքի ապրել', 'az-Latn': 'Yan-yana yaşamaq' };

  it("picks the reader's language, then one with the same primary subtag, then English, then anything", () => {
    expect(pick(topic, 'hy')).toEqual({ text: 'Կողք կողքի ապրել', lang: 'hy' });
    expect(pick(topic, 'az')).toEqual({ text: 'Yan-yana yaşamaq', lang: 'az-Latn' });
    expect(pick(topic, 'ru')).toEqual({ text: 'Living side by side', lang: 'en' });
    expect(pick({ hy: 'Միայն հայերեն' }, 'ru')).toEqual({ text: 'Միայն հայերեն', lang: 'hy' });
    expect(pick({ en: '   ', hy: 'Բառ' }, 'en')).toEqual({ text: 'Բառ', lang: 'hy' });
    expect(pick({}, 'en')).toEqual({ text: '', lang: 'en' });
    expect(pick(undefined, 'az').text).toBe('');
  });

  it('marks Azerbaijani as written in the Latin alphabet', () => {
    expect(langAttribute('az')).toBe('az-Latn');
    expect(langAttribute('hy')).toBe('hy');
  });

  it('shows a statement in a human translation when there is one, and says so', () => {
    const statement = { text: 'Schools should teach both languages.', language: 'en', translations: { hy: 'Դպրոցները պետք է դասավանդեն երկու լեզուն։', ru: '' } };
    expect(statementText(statement, 'hy')).toEqual({ text: statement.translations.hy, lang: 'hy', translated: true, machine: false });
    expect(statementText(statement, 'en')).toEqual({ text: statement.text, lang: 'en', translated: false, machine: false });
    // an empty translation is no translation
    expect(statementText(statement, 'ru')).toEqual({ text: statement.text, lang: 'en', translated: false, machine: false });
    expect(statementText({ text: 'Məktəblər', language: 'az', translations: {} }, 'az')).toEqual({ text: 'Məktəblər', lang: 'az-Latn', translated: false, machine: false });
  });

  it('falls back to a machine translation, marked machine-made, and prefers a person’s translation to it', () => {
    const statement = { text: 'Schools should teach both languages.', language: 'en', translations: { hy: 'Դպրոցները պետք է դասավանդեն երկու լեզուն։' }, machineTranslations: { hy: 'Մեքենա', az: 'Məktəblər hər iki dili öyrətməlidir.' } };
    expect(statementText(statement, 'az')).toEqual({ text: statement.machineTranslations.az, lang: 'az-Latn', translated: true, machine: true });
    expect(statementText(statement, 'hy')).toMatchObject({ text: statement.translations.hy, machine: false });
    expect(statementText(statement, 'ru')).toMatchObject({ text: statement.text, translated: false, machine: false });
  });

  it('drops languages left empty in a form and trims the rest', () => {
    expect(compact({ en: ' Topic ', az: '', hy: '  ', ru: 'Тема' })).toEqual({ en: 'Topic', ru: 'Тема' });
  });
});

describe('report helpers', () => {
  it('names groups by letter, past Z too', () => {
    expect([0, 1, 25, 26, 27].map(groupLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('prints shares as whole percentages within 0–100', () => {
    expect([0, 0.004, 0.5, 0.996, 1, 1.2, -0.1].map(percent)).toEqual([0, 0, 50, 100, 100, 100, 0]);
  });

  it('gives the heat map ten steps and a class for no votes', () => {
    expect([0, 0.09, 0.1, 0.55, 0.99, 1].map(heatClass)).toEqual(['heat-0', 'heat-0', 'heat-1', 'heat-5', 'heat-9', 'heat-9']);
    expect(heatClass(null)).toBe('heat-none');
    expect(heatClass(Number.NaN)).toBe('heat-none');
  });
});

describe('invitation links', () => {
  it('carry the token in the fragment, which browsers never send to a server', () => {
    const link = new URL(invitationLink('abc_DEF-123', 'https://reckon.example'));
    expect(link.pathname).toBe('/dialogue/join');
    expect(link.search).toBe('');
    expect(link.hash).toBe('#abc_DEF-123');
  });
});
