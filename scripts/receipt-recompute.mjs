#!/usr/bin/env node
// Recomputes a Reckon receipt's commitments from the documented canonical form (docs/receipts.md), without Reckon:
// only node:crypto and node:fs. It reads each input file as UTF-8 CSV (RFC 4180), turns each data row into RFC 8785
// JSON of {column: cell}, hashes the rows as RFC 9162 leaves and builds the RFC 9162 Merkle tree hash; then it hashes
// every part of the receipt as the manifest lines say and compares each with the manifest. It checks no signature
// and recomputes no figure: it shows that the commitments follow from the documentation alone.
//
//   node scripts/receipt-recompute.mjs receipt.json input-1.csv [input-2.csv …]
//
// Prints one JSON report; exits 0 when every root and every manifest line agrees, 1 when one differs, 2 on bad usage.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (...chunks) => {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
};

/** RFC 8785: members sorted by UTF-16 code units; numbers and strings as ECMAScript's JSON writes them. */
function canonical(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks; LF or CRLF ends a record. */
function csvRecords(text) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      endCell();
      records.push(record);
      record = [];
    } else cell += ch;
  }
  if (cell !== '' || record.length > 0) {
    endCell();
    records.push(record);
  }
  // a blank line is a record of one empty cell: skipped, as the documentation says
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** RFC 9162 §2.1.1: MTH of n leaves splits at the largest power of two below n; interior nodes hash 0x01 ‖ left ‖ right. */
function treeHash(leaves) {
  if (leaves.length === 0) return sha256(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

function commitment(bytes) {
  let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // throws on bytes that are not UTF-8
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const [columns, ...rows] = csvRecords(text);
  const leaves = rows.map((row) => {
    const cells = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    return sha256(Buffer.from([0]), Buffer.from(canonical(cells), 'utf8'));
  });
  return { sha256: sha256(bytes).toString('hex'), columns, rows: rows.length, root: treeHash(leaves).toString('hex') };
}

/** The manifest's lines as the receipt should have them, from its parts. */
function manifestLines(receipt, inputs) {
  const digest = (value) => sha256(Buffer.from(canonical(value), 'utf8')).toString('hex');
  const lines = new Map([
    ['figure', digest(receipt.figure)],
    ['code', digest(receipt.code)],
  ]);
  inputs.forEach((input, i) => lines.set(`input ${i + 1}`, digest({ root: input.root, rows: input.rows, columns: input.columns, sha256: input.sha256 })));
  for (const name of Object.keys(receipt.parameters).sort()) {
    const value = receipt.parameters[name];
    lines.set(`parameter ${JSON.stringify(name)}`, digest([name, value]));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value).sort()) lines.set(`parameter ${JSON.stringify(name)} ${JSON.stringify(key)}`, digest([name, key, value[key]]));
    }
  }
  for (const name of Object.keys(receipt.outputs).sort()) lines.set(`output ${JSON.stringify(name)}`, digest([name, receipt.outputs[name]]));
  return lines;
}

/** The manifest's own lines: a signed note's text ends at the first blank line, before the signatures. */
function writtenLines(manifest) {
  const text = manifest.split('\n\n')[0];
  const lines = new Map();
  for (const line of text.split('\n').slice(1)) {
    if (line) lines.set(line.slice(line.indexOf(' ') + 1), line.slice(0, line.indexOf(' ')));
  }
  return lines;
}

const [receiptPath, ...dataPaths] = process.argv.slice(2);
if (!receiptPath) {
  process.stderr.write('usage: node scripts/receipt-recompute.mjs receipt.json input-1.csv [input-2.csv …]\n');
  process.exit(2);
}
const receipt = JSON.parse(readFileSync(receiptPath, 'utf8'));
if (dataPaths.length !== receipt.inputs.length) {
  process.stderr.write(`the receipt has ${receipt.inputs.length} input(s): give them in its order (${receipt.inputs.map((i) => i.name).join(', ')})\n`);
  process.exit(2);
}
const inputs = dataPaths.map((path, i) => {
  const mine = commitment(readFileSync(path));
  const theirs = receipt.inputs[i];
  return {
    name: theirs.name,
    rows: mine.rows,
    root: mine.root,
    rootAgrees: mine.root === theirs.root,
    rowsAgree: mine.rows === theirs.rows,
    sha256Agrees: mine.sha256 === theirs.sha256,
  };
});
// the manifest commits to the receipt's own input fields, so that part is recomputed from them, not from the files
const expected = manifestLines(receipt, receipt.inputs);
const written = writtenLines(receipt.manifest);
const differing = [...new Set([...expected.keys(), ...written.keys()])].filter((what) => expected.get(what) !== written.get(what));
const agrees = inputs.every((i) => i.rootAgrees && i.rowsAgree) && differing.length === 0;
process.stdout.write(`${JSON.stringify({ agrees, inputs, manifest: { lines: expected.size, differing } }, null, 2)}\n`);
process.exit(agrees ? 0 : 1);
