import type { PayloadFile } from '../../core/bagit/build.ts';

const escape = (text: unknown) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface IndexInput {
  organisation: string;
  externalIdentifier: string;
  createdAt: string;
  items: Array<{ id: string; title: string; kind: string; confidentiality: string; files: Array<{ filename: string; sha256: string }> }>;
  payload: readonly PayloadFile[];
  checkpoint: { size: number; rootHash: string; note: string; timestamp?: { genTime: string; authority: string } | null };
  timestamped?: boolean;
  publicKey: string;
  proofCount: number;
}

/** A static page (no script, no style attribute) a court clerk can open to see what the package holds. */
export function renderIndexHtml(input: IndexInput): string {
  const files = input.payload
    .map((f) => `<tr><td><a href="data/${escape(f.path)}">${escape(f.path)}</a></td><td>${f.size}</td><td><code>${f.sha256}</code></td></tr>`)
    .join('\n');
  const items = input.items
    .map((i) => `<li><a href="metadata/items/${escape(i.id)}.json">${escape(i.title)}</a> (${escape(i.kind)}, ${escape(i.confidentiality)}) — <a href="custody/items/${escape(i.id)}.json">custody log</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>Evidence package ${escape(input.externalIdentifier)}</title></head>
<body>
<h1>Evidence package ${escape(input.externalIdentifier)}</h1>
<p>Exported by ${escape(input.organisation)} on ${escape(input.createdAt)}. This folder is a BagIt bag (RFC 8493): every file is listed with its SHA-256 and SHA-512 in manifest-sha256.txt and manifest-sha512.txt, and every other file in tagmanifest-sha512.txt.</p>
<h2>Items</h2>
<ul>
${items}
</ul>
<h2>Original files</h2>
<table>
<thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead>
<tbody>
${files}
</tbody>
</table>
<h2>Custody and the integrity ledger</h2>
<p>Each custody event is an entry of a Merkle-tree ledger (RFC 9162 hashing). <a href="ledger/proofs.json">ledger/proofs.json</a> holds ${input.proofCount} inclusion proofs against the signed checkpoint in <a href="ledger/checkpoint.txt">ledger/checkpoint.txt</a> (tree size ${input.checkpoint.size}, root <code>${escape(input.checkpoint.rootHash)}</code>), signed with the Ed25519 key in <a href="ledger/public-key.txt">ledger/public-key.txt</a>:</p>
<pre>${escape(input.publicKey)}</pre>
${input.timestamped && input.checkpoint.timestamp ? `<p>The checkpoint was time-stamped by an independent RFC 3161 authority (${escape(input.checkpoint.timestamp.authority)}) at ${escape(input.checkpoint.timestamp.genTime)}: the token is <a href="ledger/checkpoint.tsr">ledger/checkpoint.tsr</a>. Check it with <code>openssl ts -verify -data ledger/checkpoint.txt -in ledger/checkpoint.tsr -token_in -CAfile &lt;the authority's CA certificate&gt;</code>.</p>\n` : ''}<p>Compare that key with the one the archive publishes independently. To check the whole package offline, open <a href="verify.html">verify.html</a> in a web browser and choose this folder (it needs no network and no Reckon), or follow the commands in <a href="VERIFY.txt">VERIFY.txt</a> (coreutils, OpenSSL, jq), or run <code>reckon bag verify &lt;this folder&gt; --key &lt;the published key&gt;</code>. Each checks every file against the manifests and against the signed ledger entries that record it.</p>
</body>
</html>
`;
}
