/**
 * VERIFY.txt: the commands a recipient can run with standard tools (coreutils, OpenSSL 3, jq) to check a package
 * without Reckon. The commands are exercised against a real package in test/api/bag-tamper.test.ts.
 */
export interface VerifyTxtInput {
  externalIdentifier: string;
  timestamped: boolean;
}

export function renderVerifyTxt(input: VerifyTxtInput): string {
  const stamp = input.timestamped
    ? `3. THE TIME-STAMP (OpenSSL). An independent RFC 3161 authority time-stamped the checkpoint; the token is
   ledger/checkpoint.tsr. Check it against the authority's CA certificate, obtained from the authority itself
   (ledger/tsa-ca.pem is the one the archive was configured with; compare the two):

   $ openssl ts -verify -data ledger/checkpoint.txt -in ledger/checkpoint.tsr -token_in -CAfile ledger/tsa-ca.pem

   It must print "Verification: OK". Each proof in ledger/proofs.json carries a copy of the same token.
`
    : `3. THE TIME-STAMP. This package's checkpoint carries no RFC 3161 time-stamp.
`;
  return `HOW TO CHECK EVIDENCE PACKAGE ${input.externalIdentifier} WITHOUT RECKON
${'='.repeat(49 + input.externalIdentifier.length)}

Run these commands in this folder (the one holding bagit.txt). The page verify.html in the same folder runs every
check below in a web browser, offline: open it and choose this folder. With Reckon installed:
"reckon bag verify <this folder> --key <the archive's published key>".

1. THE FILES (coreutils). Every file must be listed, and every line must end in "OK":

   $ sha256sum -c manifest-sha256.txt && sha512sum -c manifest-sha512.txt
   $ sha256sum -c tagmanifest-sha256.txt && sha512sum -c tagmanifest-sha512.txt
   $ find data -type f | sort > files.txt; cut -d' ' -f2- manifest-sha256.txt | sort | diff - files.txt

   The last command must print nothing (no file in data/ that the manifest does not list). Manifests can be
   rewritten by whoever alters a file, so steps 2 to 4 tie the files to records the archive signed.

2. THE SIGNATURE (OpenSSL 3). ledger/checkpoint.txt is a signed note (C2SP signed-note): the text before the blank
   line, then "— <key name> <base64 of a 4-byte key hash and a 64-byte Ed25519 signature>". The archive's public
   key is in ledger/public-key.txt as <name>+<hash>+<base64 of 0x01 and the 32-byte key>. FIRST compare that line
   with the key the archive publishes independently (its website, a letter): a package re-signed by someone else
   carries their key. Then:

   $ { printf '\\060\\052\\060\\005\\006\\003\\053\\145\\160\\003\\041\\000'; cut -d+ -f3- ledger/public-key.txt | base64 -d | tail -c 32; } > ledger-key.der
   $ openssl pkey -pubin -inform DER -in ledger-key.der -out ledger-key.pem
   $ sed '/^$/,$d' ledger/checkpoint.txt > checkpoint-body.txt
   $ grep '^— ' ledger/checkpoint.txt | head -n 1 | cut -d' ' -f3 | base64 -d | tail -c 64 > checkpoint.sig
   $ openssl pkeyutl -verify -pubin -inkey ledger-key.pem -rawin -in checkpoint-body.txt -sigfile checkpoint.sig

   It must print "Signature Verified Successfully". The checkpoint's third line is the root hash of the ledger
   (a Merkle tree, RFC 9162) at the size on its second line.

${stamp}
4. THE FILES AGAINST THE LEDGER (jq). Each original was recorded, with its SHA-256 and SHA-512, by a ledger entry
   (action item.file_added) when it entered the archive. ledger/proofs.json holds those entries with their
   inclusion proofs against the signed root (RFC 9162 §2.1.3.2; leaf hash = SHA-256 of 0x00 and the entry's
   RFC 8785 canonical JSON). List what the ledger records and compare it with the files:

   $ jq -r '.proofs[].entry | select(.action == "item.file_added" or .action == "item.redacted") | "\\(.details.sha256) data/items/\\(.subject.id)/\\(.details.fileId)-"' ledger/proofs.json | sort > ledger-files.txt
   $ for f in data/items/*/*; do printf '%s %s\\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$(echo "$f" | cut -c1-85)"; done | sort > package-files.txt
   $ comm -13 ledger-files.txt package-files.txt

   The last command must print nothing: every file of the package is one the ledger records (the ledger may also
   record files of these items that the package leaves out). Checking the inclusion proofs themselves needs a program: verify.html,
   Reckon, or any RFC 9162 verifier (e.g. Go's golang.org/x/mod/sumdb/tlog).

The item descriptions in metadata/ and the custody logs in custody/ are views of the same ledger entries; verify.html
and Reckon compare them field by field.
`;
}
