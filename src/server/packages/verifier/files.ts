/** The two files that let a recipient check a package without Reckon: verify.html and VERIFY.txt. */
import type { TagFile } from '../../../core/bagit/build.ts';
import { renderVerifyHtml } from './verify-html.ts';
import { renderVerifyTxt } from './verify-txt.ts';

const encoder = new TextEncoder();

export async function verifierFiles(input: { externalIdentifier: string; timestamped: boolean }): Promise<TagFile[]> {
  return [
    { path: 'verify.html', bytes: encoder.encode(await renderVerifyHtml(input.externalIdentifier)) },
    { path: 'VERIFY.txt', bytes: encoder.encode(renderVerifyTxt(input)) },
  ];
}
