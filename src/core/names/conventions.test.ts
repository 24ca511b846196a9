import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../linkage/string-distance.ts';
import { normaliseName, parseFullName, patronymicRootOf } from './normalise.ts';
import { phoneticKey } from './phonetic.ts';

/**
 * The conventions of the region, each on hand-written spellings of synthetic names (no real person): the
 * Soviet-era Russian rendering of Azerbaijani names (h → г/х, ə → а/е, ü → ю/у, q → г/к, c → дж), BGN/PCGN
 * romanisation of the Russian, English press spellings, and Armenian script.
 */
const key = (text: string) => phoneticKey(normaliseName(text));

describe('Azerbaijani and Russian spellings of one name meet', () => {
  const same: string[][] = [
    ['Həsənov', 'Гасанов', 'Gasanov', 'Khasanov', 'Hasanov'],
    ['Hüseynova', 'Гусейнова', 'Guseinova', 'Huseynova'],
    ['Həsən', 'Гасан', 'Hasan'],
    ['Tofiq', 'Тофик', 'Tofik'],
    ['Səbinə', 'Сабина', 'Sabina'],
    ['Rəşid', 'Рашид', 'Rashid'],
    ['Əliyev', 'Алиев', 'Aliev', 'Aliyev'],
    ['Məmmədov', 'Мамедов', 'Mamedov', 'Mammadov'],
    ['Hacıyev', 'Гаджиев', 'Gadzhiev', 'Hajiyev'],
    ['Cəfərov', 'Джафаров', 'Dzhafarov', 'Jafarov'],
    ['Əhməd', 'Ахмед', 'Akhmed', 'Ahmad'],
    ['İbrahim', 'Ибрагим', 'Ibragim'],
    ['Fərhad', 'Фархад', 'Farkhad'],
    ['Aydın', 'Айдын', 'Aidin'],
    ['Şükürov', 'Шукюров', 'Shukurov'],
    ['Hakobyan', 'Акопян', 'Հակոբյան'],
    ['Quliyev', 'Кулиев', 'Гулиев', 'Kuliev', 'Guliyev'],
    ['Hovhannisyan', 'Оганесян', 'Ованесян', 'Hovannisyan', 'Հովհաննիսյան'],
  ];
  for (const forms of same) {
    it(`${forms.join(' = ')} share a blocking key`, () => {
      expect(new Set(forms.map(key)).size).toBe(1);
    });
  }

  it('writes the same comparable form where the conventions agree letter for letter', () => {
    expect(normaliseName('Səbinə')).toBe(normaliseName('Сабина'));
    expect(normaliseName('Tofiq')).toBe(normaliseName('Тофик'));
    expect(normaliseName('Rəşid Əliyev')).toBe(normaliseName('Рашид Алиев'));
    expect(normaliseName('Rashid Aliev')).toBe(normaliseName('Rəşid Əliyev'));
    expect(normaliseName('Hacıyev')).toBe(normaliseName('Hajiyev'));
    expect(normaliseName('Гаджиев')).toBe(normaliseName('Gadzhiev'));
    // an h that begins a word is г in the Soviet transcription: equal in the comparable form
    expect(normaliseName('Hüseynova')).toBe(normaliseName('Гусейнова'));
    expect(normaliseName('Tofiq Həsənov')).toBe(normaliseName('Тофик Гасанов'));
  });

  it('keeps common distinct names apart', () => {
    expect(normaliseName('Həsənov')).not.toBe(normaliseName('Hüseynov'));
    expect(key('Həsənov')).not.toBe(key('Hüseynov'));
    expect(key('Гасанов')).not.toBe(key('Гусейнов'));
    expect(key('Гасан')).not.toBe(key('Hüseyn'));
    expect(jaroWinkler(normaliseName('Həsənov'), normaliseName('Hüseynov'))).toBeLessThan(0.92);
    expect(key('Əliyev')).not.toBe(key('Əlizadə'));
    expect(key('Rashid')).not.toBe(key('Rauf'));
    expect(key('Məmmədov')).not.toBe(key('Əhmədov'));
  });
});

describe('English surnames written with and without a p between m and s or t', () => {
  it('Thompson = Thomson = Tomson, Sampson = Samson, Simpson = Simson share a blocking key', () => {
    expect(new Set(['Thompson', 'Thomson', 'Tomson', 'THOMPSON'].map(key)).size).toBe(1);
    expect(key('Sampson')).toBe(key('Samson'));
    expect(key('Simpson')).toBe(key('Simson'));
  });

  it('keeps a p elsewhere, and keeps Thompson apart from Thomas', () => {
    expect(key('Lampard')).not.toBe(key('Lamard'));
    expect(key('Kempe')).not.toBe(key('Kem'));
    expect(key('Thompson')).not.toBe(key('Thomas'));
  });
});

describe('initials of Soviet official papers', () => {
  it('reads "Фамилия И.О." as family name, given initial and patronymic initial', () => {
    expect(parseFullName('Гасанов Т.А.')).toMatchObject({ family: 'gasanov', given: 't', patronymicRoot: 'a' });
    expect(parseFullName('Гасанов Т. А.')).toMatchObject({ family: 'gasanov', given: 't', patronymicRoot: 'a' });
    expect(parseFullName('Гасанов Тофик А.')).toMatchObject({ family: 'gasanov', given: 'tofik', patronymicRoot: 'a' });
    expect(parseFullName('Гасанов Т.')).toMatchObject({ family: 'gasanov', given: 't', patronymicRoot: '' });
    // given name first: a middle initial stays with the given name
    expect(parseFullName('John F Kennedy')).toMatchObject({ given: 'john f', patronymicRoot: '' });
  });
});

describe('place names across scripts', () => {
  const places: string[][] = [
    ['Xocalı', 'Ходжалы', 'Khojaly', 'Խոջալու'],
    ['Ağdam', 'Агдам', 'Aghdam'],
    ['Əsgəran', 'Аскеран', 'Askeran'],
  ];
  it('Xocalı = Ходжалы = Khojaly = Խոջալու in the comparable form', () => {
    expect(new Set(places[0].map((p) => normaliseName(p))).size).toBe(1);
  });
  it('Ağdam = Агдам = Aghdam in the comparable form', () => {
    expect(new Set(places[1].map((p) => normaliseName(p))).size).toBe(1);
  });
  it('Əsgəran = Аскеран = Askeran by phonetic key (ə is а or е, g is к in Russian)', () => {
    expect(new Set(places[2].map(key)).size).toBe(1);
    expect(normaliseName('Аскеран')).toBe(normaliseName('Askeran'));
    expect(key('Əsgəran')).not.toBe(key('Ağdam'));
  });
});

describe('patronymicRootOf', () => {
  it('reads Azerbaijani, Russian and romanised patronymics as the father name', () => {
    for (const p of ['Famil oğlu', 'Фамиль оглы', 'Famil ogly', 'Famil oglu', 'FAMIL OĞLU', 'Famil']) expect(patronymicRootOf(p), p).toBe('famil');
    for (const p of ['Natig oglu', 'Natigovich', 'Натигович', 'Natiq oğlu', 'Натиговна', 'Natig kyzy', 'Natiq qızı', 'Натиг кызы', 'Natig gizi']) {
      expect(patronymicRootOf(p), p).toBe(patronymicRootOf('Natig'));
    }
    expect(patronymicRootOf('Вагифовна')).toBe(patronymicRootOf('Vaqif qızı'));
    expect(patronymicRootOf('Գագիկի')).toBe(patronymicRootOf('Гагикович'));
  });

  it('meets the Russian form of an Azerbaijani father name at the blocking key', () => {
    expect(key(patronymicRootOf('Гусейнович'))).toBe(key(patronymicRootOf('Hüseyn oğlu')));
    expect(key(patronymicRootOf('Гасан оглы'))).toBe(key(patronymicRootOf('Həsən oğlu')));
  });

  it('returns nothing for a missing or marker-only value, and survives hostile input', () => {
    expect(patronymicRootOf('')).toBe('');
    expect(patronymicRootOf('oğlu')).toBe('');
    expect(patronymicRootOf('\u0000<script>\uD800')).toBe('script');
    expect(patronymicRootOf('ovich'.repeat(10_000)).length).toBeGreaterThan(0);
  });
});
