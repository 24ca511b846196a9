/**
 * The script of a bag's verify.html: the recipient chooses the bag's folder and the page runs the same checks as
 * `reckon bag verify` (src/core/bagit/verify-bag.ts), offline, and shows each result. Everything from the bag is
 * shown as text (textContent), never as markup: file names and messages come from a bag that may be hostile.
 */
import { failureLines, verifyBag, type BagVerification } from '../../../core/bagit/verify-bag.ts';
import { fileListBagReader, type FolderFile } from './file-list-reader.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function item(list: HTMLElement, kind: 'ok' | 'fail' | 'warn', text: string): void {
  const li = document.createElement('li');
  li.className = kind;
  const mark = document.createElement('span');
  mark.className = 'mark';
  mark.textContent = kind === 'ok' ? 'PASS' : kind === 'fail' ? 'FAIL' : 'NOTE';
  li.append(mark, document.createTextNode(` ${text}`));
  list.append(li);
}

function show(v: BagVerification, folder: string): void {
  const verdict = $('verdict');
  verdict.dataset.status = v.ok ? 'valid' : 'invalid';
  const failures = failureLines(v);
  verdict.textContent = v.ok
    ? `${folder}: every check passed. ${v.report.payloadFiles} files, ${v.report.payloadBytes} bytes.`
    : `${folder}: ${failures.length} check${failures.length === 1 ? '' : 's'} FAILED. Do not rely on this package.`;
  const bagit = $('bagit');
  const evidence = $('evidence');
  const notes = $('notes');
  for (const list of [bagit, evidence, notes]) list.replaceChildren();
  if (v.report.valid) item(bagit, 'ok', `every file matches manifest and tag manifest (${v.report.algorithms.join(', ')}); no missing, extra, linked or unsafe file`);
  for (const p of v.report.problems) item(bagit, 'fail', `${p.code}: ${p.message}`);
  if (!v.evidence.reckon && v.evidence.problems.length === 0) item(evidence, 'warn', 'this is not a Reckon evidence package: nothing binds its files to a signed ledger');
  for (const line of v.evidence.passed) item(evidence, 'ok', line);
  for (const p of v.evidence.problems) item(evidence, 'fail', `${p.code}: ${p.message}`);
  for (const w of v.evidence.warnings) item(notes, 'warn', w);
}

async function run(files: FolderFile[]): Promise<void> {
  const verdict = $('verdict');
  verdict.dataset.status = 'running';
  const folder = files[0]?.webkitRelativePath.split('/')[0] || 'the folder';
  verdict.textContent = `Checking ${folder}…`;
  const key = ($('key') as HTMLTextAreaElement).value.trim();
  try {
    const v = await verifyBag(fileListBagReader(files), {
      expectedKey: key || undefined,
      onProgress(done, total) {
        verdict.textContent = `Checking ${folder}: file ${done} of ${total}…`;
      },
    });
    show(v, folder);
  } catch (error) {
    verdict.dataset.status = 'invalid';
    verdict.textContent = `The check could not be completed: ${(error as Error).message}`;
  }
}

$('folder').addEventListener('change', (event) => {
  const files = Array.from((event.target as HTMLInputElement).files ?? []);
  if (files.length) void run(files);
});
