/**
 * Live analysis: votes arrive in batches and the analysis is brought up to date from where it was. The vote
 * matrix is rebuilt from the deduplicated previous votes plus the batch (linear in the votes), and the
 * iterative parts start from the previous solution: power iteration from the previous components, k-means from
 * the previous base and group centres, the bridging model from the previous parameters. People already
 * clustered stay clustered (Pol.is keeps in-conv), and group numbers stay put between updates.
 */
import { VoteLog, type VoteMatrix } from './vote-matrix.ts';
import { analyzeDialogue, stateOf, type AnalysisOptions, type AnalysisState, type DialogueAnalysis, type FixedGroups } from './analysis.ts';

export interface VoteEvent {
  participant: number;
  statement: number;
  /** 1 agree, -1 disagree, 0 pass. */
  value: number;
}

export class DialogueAnalyzer {
  private log = new VoteLog();
  private matrix: VoteMatrix | null = null;
  private state: AnalysisState | undefined;
  private last: DialogueAnalysis | null = null;
  private nParticipants = 0;
  private nStatements = 0;
  private active: Uint8Array = new Uint8Array(0);
  private communityOf: Int32Array | undefined;
  private communityNames: string[] | undefined;
  private groups: FixedGroups | undefined;

  constructor(private readonly options: AnalysisOptions = {}) {}

  /** Statement count, and which are moderated out; statements beyond the mask are active. */
  setStatements(nStatements: number, active?: Uint8Array): void {
    this.nStatements = Math.max(this.nStatements, nStatements);
    if (active) this.active = Uint8Array.from(active);
  }

  /** Groups formed elsewhere (the Pol.is-compatible replay) to use instead of clustering; undefined: cluster. */
  setGroups(groups: FixedGroups | undefined): void {
    this.groups = groups;
  }

  setCommunities(communityOf: Int32Array, names: string[]): void {
    this.communityOf = communityOf;
    this.communityNames = names;
  }

  /**
   * Adds a batch in arrival order (a later vote on the same statement replaces an earlier one). The batch is
   * validated as a whole before anything is added, so a bad vote never leaves half a batch applied.
   */
  addVotes(batch: readonly VoteEvent[]): void {
    batch.forEach((v, i) => {
      if (!Number.isInteger(v.participant) || v.participant < 0) throw new RangeError(`vote ${i}: bad participant ${v.participant}`);
      if (!Number.isInteger(v.statement) || v.statement < 0) throw new RangeError(`vote ${i}: bad statement ${v.statement}`);
      if (v.value !== 1 && v.value !== -1 && v.value !== 0) throw new RangeError(`vote ${i}: value ${v.value} is not 1, -1 or 0`);
    });
    for (const v of batch) {
      this.log.append(v.participant, v.statement, v.value);
      if (v.participant >= this.nParticipants) this.nParticipants = v.participant + 1;
      if (v.statement >= this.nStatements) this.nStatements = v.statement + 1;
    }
    this.matrix = null;
  }

  currentMatrix(): VoteMatrix {
    if (!this.matrix) {
      this.matrix = this.log.toMatrix(this.nParticipants, this.nStatements);
      // Keep only the latest vote per cell so the log does not grow with changed votes.
      this.log = VoteLog.fromMatrix(this.matrix);
    }
    return this.matrix;
  }

  /** Recomputes from the previous state (warm) or from scratch when `cold` is set or nothing came before. */
  update(cold = false): DialogueAnalysis {
    const matrix = this.currentMatrix();
    const active = new Uint8Array(matrix.nStatements).fill(1);
    active.set(this.active.subarray(0, Math.min(this.active.length, active.length)));
    let communityOf = this.communityOf;
    if (communityOf && communityOf.length < matrix.nParticipants) {
      const padded = new Int32Array(matrix.nParticipants).fill(-1);
      padded.set(communityOf);
      communityOf = padded;
    }
    let groups = this.groups;
    if (groups && groups.groupOf.length !== matrix.nParticipants) {
      const groupOf = new Int32Array(matrix.nParticipants).fill(-1);
      groupOf.set(groups.groupOf.subarray(0, Math.min(groups.groupOf.length, groupOf.length)));
      groups = { ...groups, groupOf, inConv: groups.inConv.filter((p) => p < matrix.nParticipants) };
    }
    const analysis = analyzeDialogue(
      { matrix, active, communityOf, communityNames: this.communityNames, groups },
      this.options,
      cold ? undefined : this.state,
    );
    this.state = stateOf(analysis);
    this.last = analysis;
    return analysis;
  }

  latest(): DialogueAnalysis | null {
    return this.last;
  }
}
