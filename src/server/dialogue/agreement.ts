import { cellAgrees, everyCellAgrees, groupCells, groupLabel as groupLetter, OTHER_COMMUNITIES, type AgreementCell } from '../../core/dialogue/index.ts';
import type { Actor as RegistryActor, Claim, Figure, Source } from '../../core/registry/types.ts';
import type { LiveEntry } from './live.ts';
import type { ConversationRow, LocalizedText, StatementRow } from './tables.ts';

/**
 * Agreement on one statement, group by group and community by community, and the registry records a statement agreed
 * across every group becomes (issue 16, item 4). The claim is the participants': its actor is "participants of the
 * conversation", its source the conversation's report, its figures the counts per group and community. Reckon is
 * never the one asserting it.
 */
export interface StatementAgreement {
  /** Reported opinion groups only (groups below the minimum size are never shown on their own). */
  groups: Array<AgreementCell & { group: number; agrees: boolean }>;
  /** Reported communities; `name` null for the pooled row of small communities. */
  communities: Array<AgreementCell & { name: LocalizedText | null; agrees: boolean }>;
  /** Two or more groups, each agreeing. */
  acrossGroups: boolean;
  /** Every reported community agrees; null when fewer than two communities are reported. */
  acrossCommunities: boolean | null;
}

export function statementAgreement(entry: LiveEntry, tid: number): StatementAgreement | null {
  const result = entry.result;
  if (!result?.groupVotes) return null;
  const reported = result.groups.filter((g) => !g.suppressed).map((g) => g.id);
  const groups = groupCells(result.groupVotes, tid, reported).map((cell, i) => ({ group: reported[i], ...cell, agrees: cellAgrees(cell) }));
  const rows = result.communities?.communities ?? [];
  const cells = result.communities?.cells[tid] ?? [];
  const communities = rows.map((key, i) => {
    const index = entry.communityIds.indexOf(key);
    const cell = cells[i] ?? { agree: 0, disagree: 0, pass: 0, votes: 0 };
    const counts = { agree: cell.agree, disagree: cell.disagree, pass: cell.pass, votes: cell.votes };
    return { name: key === OTHER_COMMUNITIES || index < 0 ? null : entry.communityNames[index], ...counts, agrees: cellAgrees(counts) };
  });
  return {
    groups,
    communities,
    acrossGroups: everyCellAgrees(groups),
    acrossCommunities: communities.length >= 2 ? everyCellAgrees(communities) : null,
  };
}

/** A statement may be recorded when every group agrees and, where two or more communities are reported, every community. */
export const mayRecord = (agreement: StatementAgreement): boolean => agreement.acrossGroups && agreement.acrossCommunities !== false;

const englishOr = (text: LocalizedText): string => text.en ?? Object.values(text)[0] ?? '';

export interface AgreementRecordsInput {
  conversation: ConversationRow;
  statement: StatementRow;
  agreement: StatementAgreement;
  /** YYYY-MM-DD, the day the facilitator confirmed. */
  date: string;
  /** The report's public address, when the server knows its own (RECKON_PUBLIC_URL). */
  reportAddress: string | null;
  /** The registry claim the statement was seeded from, if any. */
  seededFrom: { claimId: string; eventId: string | null } | null;
}

export const participantsActorId = (conversationId: string) => `dialogue-${conversationId}`;
export const reportSourceId = (conversationId: string) => `dialogue-report-${conversationId}`;
export const agreementClaimId = (conversationId: string, tid: number) => `dialogue-${conversationId}-s${tid}`;

/** One count per group or community: those who voted, broken down into agree, disagree and pass (they add up). */
function countFigure(label: string, cell: AgreementCell): Figure {
  return {
    label,
    value: cell.votes,
    breakdown: {
      mode: 'complete',
      parts: [
        { label: 'agreed', value: cell.agree },
        { label: 'disagreed', value: cell.disagree },
        { label: 'passed', value: cell.pass },
      ],
    },
  };
}

const CLAIM_TEXT_MAX = 1_000;
const clip = (text: string) => (text.length <= CLAIM_TEXT_MAX ? text : `${text.slice(0, CLAIM_TEXT_MAX - 1)}…`);

/** The actor, source and claim for the registry, in the registry's own record shapes (checked there as a form is). */
export function agreementRecords(input: AgreementRecordsInput): { actor: RegistryActor; source: Source; claim: Claim } {
  const { conversation, statement, agreement } = input;
  const topic = englishOr(conversation.topic);
  const groupCounts = agreement.groups.map((g) => `group ${groupLetter(g.group)}: ${g.agree} of ${g.votes} agreed`);
  const communityCounts = agreement.communities.map((c) => `${c.name ? englishOr(c.name) : 'smaller communities together'}: ${c.agree} of ${c.votes} agreed`);
  const actor: RegistryActor = {
    id: participantsActorId(conversation.id),
    name: clip(`Participants of the conversation "${topic}"`),
    type: 'organization',
    classification: 'group',
    country: null,
    subdivision: null,
    wikidata: null,
    parentId: null,
    description: `People who joined the dialogue conversation ${conversation.id} by invitation and voted on its statements. They are counted by opinion group and by community in its report; no one is named.`,
  };
  const source: Source = {
    id: reportSourceId(conversation.id),
    publisher: actor.name,
    title: clip(`Report of the conversation "${topic}"`),
    date: input.date,
    address: input.reportAddress,
    kind: 'other',
    language: 'en',
    archiveItemId: null,
  };
  const human = Object.entries(statement.translations).filter(([language, text]) => language !== statement.language && text.trim() !== '');
  const claim: Claim = {
    id: agreementClaimId(conversation.id, statement.tid),
    kind: 'position',
    assertedBy: actor.id,
    attributionNote: clip(`agreed by the participants in every opinion group (${agreement.groups.map((g) => groupLetter(g.group)).join(', ')})`),
    eventId: input.seededFrom?.eventId ?? null,
    statement: statement.text,
    language: statement.language,
    translations: human.map(([language, text]) => ({ language, text })),
    valueText: clip([...groupCounts, ...communityCounts].join('; ')),
    figures: [
      ...agreement.groups.map((g) => countFigure(`participants in opinion group ${groupLetter(g.group)} who voted on the statement`, g)),
      ...agreement.communities.map((c) => countFigure(`participants of ${c.name ? englishOr(c.name) : 'the smaller communities together'} who voted on the statement`, c)),
    ],
    date: input.date,
    sources: [source.id],
    verification: 'primary-seen',
    contests: [],
    notes: clip(
      `Recorded from the report of dialogue conversation ${conversation.id} (statement ${statement.tid}) on a facilitator's confirmation. ` +
        (input.seededFrom ? `The statement was seeded from registry claim ${input.seededFrom.claimId}. ` : '') +
        'The claim is the participants\u2019; Reckon counts the votes and does not adopt it.',
    ),
    published: conversation.report_public,
  };
  return { actor, source, claim };
}
