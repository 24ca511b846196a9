/** English strings of the cases forms' pickers, corrections of acts and allegations, and withdrawals; spread into ./en.ts. */
export const casesFormsEn = {
  'cases.newAct.victimRecord': 'The victim on a casualty list, if listed (type part of the name)',
  'cases.newAct.victimRecordHint': 'Names are found in any script. Only the roles that may read casualty records see which record is named.',
  'cases.place.new': 'Use “{text}” as a new place',
  'cases.correct.act': 'Correct this act',
  'cases.correct.hintAct': 'The act shows the corrected values; what it said before, who corrected it and why stay on record as a ledger event.',
  'cases.correct.allegation': 'Correct this allegation',
  'cases.correct.hintAllegation': 'The allegation shows the corrected values; its earlier values, who corrected them and why stay on record as a ledger event. Its verification level is changed by reviewers, and an element with evidence linked to it cannot be dropped.',
  'cases.correct.source': 'Source of the correction, if any',
  'cases.correct.sourceShown': 'Source of the correction: {publisher} — {title}',
  'cases.correct.language': 'Language of the statement (e.g. en, az, ru, hy)',
  'cases.correct.notes': 'Notes',
  'cases.standing.withdrawIncident': 'Withdraw this incident',
  'cases.standing.withdrawAct': 'Withdraw this act',
  'cases.standing.restore': 'Restore it',
  'cases.standing.hint': 'The record stays as it was entered. The withdrawal or restoration and its reason are a ledger event, and every step stays listed.',
  'cases.standing.reason': 'Reason',
  'cases.standing.withdrawn': 'Withdrawn on {at} by {by}: {reason}',
  'cases.standing.history': 'Withdrawn or restored {count} times: show the history',
  'cases.standing.stepWithdrawn': '{at}, {by} withdrew it: {reason}',
  'cases.standing.stepRestored': '{at}, {by} restored it: {reason}',
  'cases.standing.withdrawAllegation': 'Withdraw this allegation',
  'cases.standing.incidentActs': 'Its acts that stand are withdrawn with it, each by a ledger event; restoring the incident restores those acts, and not an act withdrawn on its own.',
  'cases.standing.stepWithdrawnWithIncident': '{at}, {by} withdrew it with its incident: {reason}',
  'cases.standing.stepRestoredWithIncident': '{at}, {by} restored it with its incident: {reason}',
};

export type CasesFormsMessages = Record<keyof typeof casesFormsEn, string>;
