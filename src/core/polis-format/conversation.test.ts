import { describe, expect, it } from 'vitest';
import { parsePolisExport, serialisePolisExport, toDialogue, withAnalysis } from './conversation.ts';
import { analyzeDialogue } from '../dialogue/analysis.ts';
import { denseRow, UNSEEN } from '../dialogue/vote-matrix.ts';
import { generateSynthetic } from '../dialogue/synthetic.ts';
import { writeCsv } from './csv.ts';

const COMMENTS = 'comment-id,author-id,moderated,comment-body\n0,1,1,a\n1,1,-1,b\n2,2,1,c\n';

describe('an export as a whole', () => {
  it('builds the matrix from the vote log with the latest vote by timestamp winning', () => {
    const votes = 'timestamp,comment-id,voter-id,vote\n30,0,7,1\n10,0,7,-1\n20,2,9,0\n';
    const d = toDialogue(parsePolisExport({ comments: COMMENTS, votes }));
    expect(Array.from(d.participantIds)).toEqual([7, 9]);
    expect(Array.from(d.statementIds)).toEqual([0, 1, 2]);
    expect(Array.from(denseRow(d.matrix, 0))).toEqual([1, UNSEEN, UNSEEN]);
    expect(Array.from(d.active)).toEqual([1, 0, 1]);
  });

  it('falls back to the participants-votes grid and reads Pol.is groups from it', () => {
    const grid = 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,2\n7,1,0,1,1,0,1,\n9,,0,1,0,0,,0\n';
    const d = toDialogue(parsePolisExport({ comments: COMMENTS, participantsVotes: grid }));
    expect(Array.from(d.polisGroup)).toEqual([1, -1]);
    expect(d.matrix.statement.length).toBe(2);
  });

  it('rejects votes on comments it does not know and exports without votes', () => {
    expect(() => toDialogue(parsePolisExport({ comments: COMMENTS, votes: 'timestamp,comment-id,voter-id,vote\n1,5,1,1\n' }))).toThrow(/comment 5/);
    expect(() => parsePolisExport({ comments: COMMENTS })).toThrow(/needs votes\.csv/);
  });

  it("round-trips Reckon's analysis of a synthetic conversation through the Pol.is format", () => {
    const syn = generateSynthetic({ participants: 150, statements: 20, votes: 150 * 12, groups: 2, seed: 2 });
    const rows: (string | number)[][] = [['timestamp', 'comment-id', 'voter-id', 'vote']];
    let t = 1;
    for (let p = 0; p < syn.matrix.nParticipants; p++) {
      for (let k = syn.matrix.rowStart[p]; k < syn.matrix.rowStart[p + 1]; k++) rows.push([t++, syn.matrix.statement[k], p, syn.matrix.value[k]]);
    }
    const comments = writeCsv([
      ['comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'comment-body'],
      ...Array.from({ length: 20 }, (_, s) => [s, 0, 0, 0, 1, `statement ${s}`]),
    ]);
    const exp = parsePolisExport({ comments, votes: writeCsv(rows) });
    const dialogue = toDialogue(exp);
    const analysis = analyzeDialogue({ matrix: dialogue.matrix, active: dialogue.active }, { seed: 1, bridging: false });
    const out = withAnalysis(exp, dialogue, analysis);
    const texts = serialisePolisExport(out);
    const back = parsePolisExport(texts as Parameters<typeof parsePolisExport>[0]);
    expect(back).toEqual(out);
    expect(serialisePolisExport(back)).toEqual(texts);
    const again = toDialogue(back);
    expect(Array.from(again.matrix.value)).toEqual(Array.from(dialogue.matrix.value));
    expect(Array.from(again.polisGroup)).toEqual(Array.from(analysis.clustering.groupOf));
    expect(back.summary!.groups).toBe(analysis.clustering.groupCount);
    expect(back.comments.rows[3].groupInformedConsensus).toBeCloseTo(analysis.groupAwareConsensus[3], 15);
  });
});
