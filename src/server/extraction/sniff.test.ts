import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffBytes, sniffFile } from './sniff.ts';

const fixture = (name: string) => new URL(`../../../test/fixtures/evidence/${name}`, import.meta.url).pathname;

describe('sniffFile: the type comes from the bytes, never the name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reckon-sniff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['statement-pdf-named.jpg', 'application/pdf', 'pdf'],
    ['not-a-pdf.pdf', 'application/x-msdownload', 'executable'],
    ['plain-zip-named.docx', 'application/zip', 'archive'],
    ['statement.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['photo-gps-named.pdf', 'image/jpeg', 'image'],
    ['huge-header.png', 'image/png', 'image'],
    ['page.html', 'text/html', 'html'],
    ['victims.csv', 'text/csv', 'text'],
    ['record.json', 'application/json', 'text'],
    ['letter-cp1251.txt', 'text/plain', 'text'],
    ['letter-utf16.txt', 'text/plain', 'text'],
    ['binary.bin', 'application/octet-stream', 'other'],
    ['empty.txt', 'application/x-empty', 'empty'],
  ])('%s is %s', async (name, mime, kind) => {
    expect(await sniffFile(fixture(name))).toMatchObject({ mime, kind });
  });

  it('takes text with a multi-byte character cut at the end of the sniffed window as text', async () => {
    const path = join(dir, 'long.txt');
    const line = 'Şahid ifadəsi: kənddə yanğın başladı. Свидетель видел колонну. ';
    let text = '';
    while (Buffer.byteLength(text) < SNIFF_BYTES * 2) text += line;
    writeFileSync(path, text);
    expect(await sniffFile(path)).toMatchObject({ kind: 'text', mime: 'text/plain' });
  });

  it('tells text in legacy Cyrillic charsets from binary', async () => {
    expect(await sniffBytes(iconv.encode('Список пропавших без вести, село Ходжалы', 'koi8-r'))).toMatchObject({ kind: 'text' });
    expect(await sniffBytes(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13, 0x41, 0x42]))).toMatchObject({ kind: 'other' });
  });

  it('does not take a JSON-looking start or a one-line comma text as JSON or CSV', async () => {
    expect(await sniffBytes(Buffer.from('{ this is not json'))).toMatchObject({ mime: 'text/plain' });
    expect(await sniffBytes(Buffer.from('one, two, three'))).toMatchObject({ mime: 'text/plain' });
    expect(await sniffBytes(Buffer.from('  <!DOCTYPE html><p>x'))).toMatchObject({ kind: 'html' });
  });

  it('refuses to guess from a name: a script named .jpg is text, an ELF named .txt is an executable', async () => {
    const script = join(dir, 'photo.jpg');
    writeFileSync(script, '<script>alert(1)</script>\n');
    expect(await sniffFile(script)).toMatchObject({ kind: 'text' });
    const elf = join(dir, 'notes.txt');
    writeFileSync(elf, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]));
    expect(await sniffFile(elf)).toMatchObject({ kind: 'executable' });
  });

  it('answers a missing file with an error rather than a guess', async () => {
    await expect(sniffFile(join(dir, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});
