export type MerkleErrorCode =
  | 'empty-tree'
  | 'index-out-of-range'
  | 'size-beyond-tree'
  | 'bad-size'
  | 'malformed-proof'
  | 'root-mismatch'
  | 'missing-node'
  | 'store-out-of-order';

/** Every refusal of the Merkle engine carries a code the caller can switch on and a message a person can read. */
export class MerkleError extends Error {
  constructor(
    readonly code: MerkleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MerkleError';
  }
}
