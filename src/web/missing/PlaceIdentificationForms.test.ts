import { describe, expect, it } from 'vitest';
import { missingAz } from './i18n/az.ts';
import { missingEn } from './i18n/en.ts';
import { missingHy } from './i18n/hy.ts';
import { missingRu } from './i18n/ru.ts';
import { checkIdentification, checkPlace, PLACE_LIMITS, readCoordinate, SEALED_LIMITS } from './PlaceIdentificationForms.tsx';

const place = { name: 'School No. 2', latitude: '', longitude: '', description: '' };
const sealed = { anteMortem: '', samples: '', contact: '' };

/** The place-of-interest and identification forms' checks before sending: each fault on its field, in every language. */
describe('checkPlace', () => {
  it('takes a named place with both coordinates or neither, a comma or a dot as the decimal sign', () => {
    expect(checkPlace(place, 'detention_site')).toEqual({});
    expect(checkPlace({ ...place, latitude: '39.91', longitude: '46,79' }, 'burial_site')).toEqual({});
    expect(checkPlace({ ...place, latitude: '-90', longitude: '180' }, 'other')).toEqual({});
    expect(readCoordinate('46,79', 180)).toBe(46.79);
  });

  it('refuses no name, one coordinate alone, coordinates out of range or not numbers', () => {
    expect(checkPlace({ ...place, name: '  ' }, 'other')).toEqual({ name: 'missing.place.error.nameRequired' });
    expect(checkPlace({ ...place, latitude: '39.9' }, 'other')).toEqual({ longitude: 'missing.place.error.positionIncomplete' });
    expect(checkPlace({ ...place, longitude: '46.8' }, 'other')).toEqual({ latitude: 'missing.place.error.positionIncomplete' });
    expect(checkPlace({ ...place, latitude: '91', longitude: '0' }, 'other')).toEqual({ latitude: 'missing.place.error.latitude' });
    expect(checkPlace({ ...place, latitude: '0', longitude: '-180.5' }, 'other')).toEqual({ longitude: 'missing.place.error.longitude' });
    for (const bad of ['1e2', 'NaN', '39°54′', '0x10', '--1', '39.9.1']) expect(checkPlace({ ...place, latitude: bad, longitude: '0' }, 'other'), bad).toEqual({ latitude: 'missing.place.error.latitude' });
  });

  it('refuses overlong or unstorable text and a name already used for a place of the same kind', () => {
    expect(checkPlace({ ...place, name: 'x'.repeat(PLACE_LIMITS.name + 1) }, 'other')).toEqual({ name: 'missing.report.error.tooLong' });
    expect(checkPlace({ ...place, description: 'y'.repeat(PLACE_LIMITS.description + 1) }, 'other')).toEqual({ description: 'missing.report.error.tooLong' });
    expect(checkPlace({ ...place, name: 'Site\u0000' }, 'other')).toEqual({ name: 'missing.report.error.text' });
    expect(checkPlace({ ...place, description: 'half \uD800' }, 'other')).toEqual({ description: 'missing.report.error.text' });
    const existing = [{ kind: 'detention_site' as const, name: 'School No. 2' }];
    expect(checkPlace({ ...place, name: ' school no. 2 ' }, 'detention_site', existing)).toEqual({ name: 'missing.place.error.duplicate' });
    // the same name for another kind is another place (a school used as a prison and its yard as a grave)
    expect(checkPlace(place, 'burial_site', existing)).toEqual({});
    expect(checkPlace({ ...place, name: '<script>alert(1)</script>' }, 'other')).toEqual({});
  });
});

describe('checkIdentification', () => {
  it('takes empty or bounded sealed texts and refuses overlong or unstorable ones on their field', () => {
    expect(checkIdentification(sealed)).toEqual({});
    expect(checkIdentification({ ...sealed, anteMortem: 'gold crown, upper left' })).toEqual({});
    expect(checkIdentification({ ...sealed, anteMortem: 'a'.repeat(SEALED_LIMITS.anteMortem + 1) })).toEqual({ anteMortem: 'missing.report.error.tooLong' });
    expect(checkIdentification({ ...sealed, samples: 's'.repeat(SEALED_LIMITS.samples + 1) })).toEqual({ samples: 'missing.report.error.tooLong' });
    expect(checkIdentification({ ...sealed, contact: 'c'.repeat(SEALED_LIMITS.contact + 1) })).toEqual({ contact: 'missing.report.error.tooLong' });
    expect(checkIdentification({ ...sealed, contact: '+994\u0000' })).toEqual({ contact: 'missing.report.error.text' });
  });

  it('has every message of the two forms in the four languages, each translated', () => {
    const keys = Object.keys(missingEn).filter((k) => k.startsWith('missing.place.') || k.startsWith('missing.identification.'));
    expect(keys.length).toBe(17);
    for (const catalogue of [missingAz, missingHy, missingRu]) {
      for (const key of keys) {
        const text = (catalogue as Record<string, string>)[key];
        expect(text, key).toBeTruthy();
        expect(text, key).not.toBe((missingEn as Record<string, string>)[key]);
      }
    }
  });
});
