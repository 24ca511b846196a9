import { describe, expect, it } from 'vitest';
import { detectMissingColumns, readStatus } from './statuses.ts';

describe('missing persons: columns and statuses in four languages', () => {
  it('finds the columns by header in en, az, ru and hy, each header serving one column', () => {
    expect(detectMissingColumns(['id', 'Статус', 'Дата статуса', 'Son görüldüyü yer', 'Məlumat verən'])).toEqual({ status: 'Статус', status_date: 'Дата статуса', last_seen_place: 'Son görüldüyü yer', reported_by: 'Məlumat verən' });
    expect(detectMissingColumns(['Կարգավիճակ', 'Last_Seen'])).toEqual({ status: 'Կարգավիճակ', last_seen_date: 'Last_Seen' });
    expect(detectMissingColumns(['name', 'born'])).toEqual({});
  });

  it('reads codes and words, and nothing else', () => {
    expect(readStatus('found_dead')).toBe('found_dead');
    expect(readStatus('Found dead')).toBe('found_dead');
    expect(readStatus('пропал без вести')).toBe('missing');
    expect(readStatus('Girov')).toBe('hostage');
    expect(readStatus('պատանդ')).toBe('hostage');
    expect(readStatus('освобождён')).toBe('released');
    expect(readStatus('vanished into thin air')).toBeNull();
    expect(readStatus('')).toBeNull();
    expect(readStatus('<script>')).toBeNull();
  });
});
