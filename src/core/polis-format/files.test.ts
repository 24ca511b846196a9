import { describe, expect, it } from 'vitest';
import { parseSummary, serialiseSummary } from './summary.ts';
import { parseComments, serialiseComments } from './comments.ts';
import { parseVotes, serialiseVotes, chronologicalOrder } from './votes.ts';
import { UNSEEN_CELL, parseParticipantsVotes, serialiseParticipantsVotes } from './participants-votes.ts';

const SUMMARY = 'topic,Test\nurl,https://pol.is/x\nviews,10\nvoters,3\nvoters-in-conv,2\ncommenters,1\ncomments,2\ngroups,2\nconversation-description,"two\nlines"\nfuture-key,kept\n';
const COMMENTS =
  'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n' +
  '1000,Mon Jan 01 00:00:01 UTC 2024,0,5,1,1,1,"First, with a comma"\n' +
  '1001,Mon Jan 01 00:00:02 UTC 2024,1,6,0,1,-1,Second\n';
const VOTES =
  'timestamp,datetime,comment-id,voter-id,vote\n' +
  '2000,d,0,5,1\n1999,d,0,6,-1\n2001,d,1,6,-1\n2002,d,0,6,0\n';
const GRID =
  'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n' +
  '5,0,1,1,1,0,1,\n6,1,1,2,0,1,0,-1\n';

describe('summary.csv', () => {
  it('round-trips, keeping unknown keys', () => {
    const s = parseSummary(SUMMARY);
    expect(s).toMatchObject({ topic: 'Test', views: 10, groups: 2, description: 'two\nlines', extra: [['future-key', 'kept']] });
    expect(parseSummary(serialiseSummary(s))).toEqual(s);
  });
  it('names the line of bad rows', () => {
    expect(() => parseSummary('topic,a\nviews,many\n')).toThrow(/summary\.csv:2: field "views"/);
    expect(() => parseSummary('topic,a\ntopic,b\n')).toThrow(/summary\.csv:2: key "topic" appears twice/);
    expect(() => parseSummary('topic,a,b\n')).toThrow(/summary\.csv:1: expected 2 fields/);
    expect(() => parseSummary('views,-3\n')).toThrow(/summary\.csv:1/);
  });
});

describe('comments.csv', () => {
  it('round-trips both the old and the newer layout', () => {
    const c = parseComments(COMMENTS);
    expect(c.rows[0]).toMatchObject({ id: 0, authorId: 5, moderated: 1, body: 'First, with a comma', isMeta: null });
    expect(parseComments(serialiseComments(c))).toEqual(c);
    const newer =
      'timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,group-informed-consensus,comment-body\n' +
      '1,2,0,57,0,1,false,true,0.6839080459770114,hope\n';
    const n = parseComments(newer);
    expect(n.rows[0]).toMatchObject({ isSeed: true, isMeta: false, groupInformedConsensus: 0.6839080459770114, datetime: null });
    expect(serialiseComments(n)).toBe(newer);
  });
  it('rejects malformed, duplicate, oversized and hostile rows with their line', () => {
    const head = 'comment-id,moderated,comment-body\n';
    expect(() => parseComments(`${head}0,1,a\n0,1,b\n`)).toThrow(/comments\.csv:3: field "comment-id": comment 0 already appeared on line 2/);
    expect(() => parseComments(`${head}x,1,a\n`)).toThrow(/comments\.csv:2: field "comment-id"/);
    expect(() => parseComments(`${head}1,7,a\n`)).toThrow(/comments\.csv:2: field "moderated"/);
    expect(() => parseComments(`${head}1,1,a,extra\n`)).toThrow(/comments\.csv:2: expected 3 fields/);
    expect(() => parseComments(`${head}1,1,"${'z'.repeat(20_001)}"\n`)).toThrow(/comments\.csv:2: field "comment-body": statement is 20001/);
    expect(() => parseComments('comment-id,comment-id,comment-body\n')).toThrow(/appears twice in the header/);
    expect(() => parseComments('moderated\n')).toThrow(/required column "comment-id"/);
    expect(() => parseComments('')).toThrow(/comments\.csv: the file is empty/);
    expect(() => parseComments(`${head}1e3,1,a\n`)).toThrow(/not an integer/);
  });
});

describe('votes.csv', () => {
  it('round-trips byte for byte and orders events by time', () => {
    const v = parseVotes(VOTES);
    expect(v.length).toBe(4);
    expect(Array.from(v.vote)).toEqual([1, -1, -1, 0]);
    expect(serialiseVotes(v)).toBe(VOTES);
    expect(Array.from(chronologicalOrder(v))).toEqual([1, 0, 2, 3]);
  });
  it('rejects votes outside 1, -1, 0 and bad ids with their line', () => {
    const head = 'timestamp,comment-id,voter-id,vote\n';
    expect(() => parseVotes(`${head}1,0,0,1\n1,0,0,2\n`)).toThrow(/votes\.csv:3: field "vote": "2" is not a vote/);
    expect(() => parseVotes(`${head}1,0,0,\n`)).toThrow(/votes\.csv:2: field "vote"/);
    expect(() => parseVotes(`${head}1,0,-4,1\n`)).toThrow(/votes\.csv:2: field "voter-id"/);
    expect(() => parseVotes(`${head}1,99999999999,0,1\n`)).toThrow(/too large/);
    expect(() => parseVotes(`${head}1,0,0,1\n`.repeat(1) + '1,0,0,1\n1,0,0,1\n', 'votes.csv', { maxVotes: 2 })).toThrow(/more than 2 votes/);
  });
});

describe('participants-votes.csv', () => {
  it('round-trips with and without xid', () => {
    const g = parseParticipantsVotes(GRID);
    expect(g.commentIds).toEqual([0, 1]);
    expect(Array.from(g.cells)).toEqual([1, UNSEEN_CELL, 0, -1]);
    expect(g.participants[1]).toMatchObject({ id: 6, groupId: 1, nVotes: 2 });
    expect(serialiseParticipantsVotes(g)).toBe(GRID);
    const withXid = 'participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,3\n1,abc,,0,1,1,0,1\n';
    const x = parseParticipantsVotes(withXid);
    expect(x.participants[0]).toMatchObject({ xid: 'abc', groupId: null });
    expect(serialiseParticipantsVotes(x)).toBe(withXid);
  });
  it('rejects duplicate participants, duplicate columns, bad cells and misplaced columns', () => {
    const head = 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0\n';
    expect(() => parseParticipantsVotes(`${head}1,0,0,1,1,0,1\n1,0,0,1,1,0,1\n`)).toThrow(/participants-votes\.csv:3: field "participant"/);
    expect(() => parseParticipantsVotes(`${head}1,0,0,1,1,0,5\n`)).toThrow(/participants-votes\.csv:2: field "comment 0"/);
    expect(() => parseParticipantsVotes('participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,0\n')).toThrow(/participants-votes\.csv:1: column "0" appears twice/);
    expect(() => parseParticipantsVotes('group-id,participant,n-comments,n-votes,n-agree,n-disagree\n')).toThrow(/column 1 should be "participant"/);
    expect(() => parseParticipantsVotes(`${head}1,0,0,1,1,0\n`)).toThrow(/expected 7 fields/);
    expect(() => parseParticipantsVotes(`${head}1,0,0,1,1,0,1\n2,0,0,1,1,0,1\n`, 'p.csv', { maxCells: 1 })).toThrow(/p\.csv:3: more than 1 vote cells/);
  });
});
