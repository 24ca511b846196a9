import { actorClassifications, actorTypes, figureQualifiers, sourceKinds } from '../../core/registry/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { acknowledgmentKinds, claimKinds, recognitionLevels, recognitionTerms, verificationLevels } from './api.ts';

/** The record kinds a form edits, by the URL segment the registry API uses for them. */
export const formKinds = ['sources', 'actors', 'events', 'claims', 'recognition'] as const;
export type FormKind = (typeof formKinds)[number];
export type RefTarget = 'actors' | 'events' | 'sources' | 'claims';

export type FieldSpec =
  | { name: string; type: 'text' | 'textarea' | 'date'; required?: boolean; hint?: MessageKey }
  | { name: string; type: 'enum'; options: readonly string[]; label: (value: string) => MessageKey; required?: boolean; hint?: MessageKey }
  | { name: string; type: 'ref'; target: RefTarget; multiple?: boolean; required?: boolean; hint?: MessageKey }
  | { name: string; type: 'terms' | 'figures' | 'translations' | 'roles' | 'published'; hint?: MessageKey };

const key = (k: string) => k as MessageKey;
const dateHint: MessageKey = 'registry.hint.date';

/**
 * What each form asks for, in the registry.json field names the API takes. The rules themselves are the server's
 * (the import's); the hints state them before typing. Verification and publication are asked only when adding.
 */
export const formSpecs: Record<FormKind, FieldSpec[]> = {
  sources: [
    { name: 'publisher', type: 'text', required: true },
    { name: 'title', type: 'text', required: true },
    { name: 'kind', type: 'enum', options: sourceKinds, label: (v) => key(`registry.sourceKind.${v}`), required: true },
    { name: 'date', type: 'date', hint: dateHint },
    { name: 'address', type: 'text', hint: 'registry.hint.address' },
    { name: 'language', type: 'text', hint: 'registry.hint.language' },
    { name: 'archiveItemId', type: 'text', hint: 'registry.hint.archiveItemId' },
  ],
  actors: [
    { name: 'name', type: 'text', required: true },
    { name: 'type', type: 'enum', options: actorTypes, label: (v) => key(`registry.actorType.${v}`), required: true },
    { name: 'classification', type: 'enum', options: actorClassifications, label: (v) => key(`registry.class.${v}`), required: true },
    { name: 'country', type: 'text', hint: 'registry.hint.country' },
    { name: 'subdivision', type: 'text', hint: 'registry.hint.subdivision' },
    { name: 'wikidata', type: 'text', hint: 'registry.hint.wikidata' },
    { name: 'parentId', type: 'ref', target: 'actors' },
    { name: 'description', type: 'textarea' },
  ],
  events: [
    { name: 'name', type: 'text', required: true },
    { name: 'startDate', type: 'date', hint: dateHint },
    { name: 'endDate', type: 'date', hint: 'registry.hint.endDate' },
    { name: 'place', type: 'text' },
    { name: 'description', type: 'textarea' },
  ],
  claims: [
    { name: 'kind', type: 'enum', options: claimKinds, label: (v) => key(`registry.kind.${v}`), required: true },
    { name: 'assertedBy', type: 'ref', target: 'actors', required: true, hint: 'registry.hint.assertedBy' },
    { name: 'attributionNote', type: 'text', hint: 'registry.hint.attributionNote' },
    { name: 'sources', type: 'ref', target: 'sources', multiple: true, required: true, hint: 'registry.hint.sources' },
    { name: 'eventId', type: 'ref', target: 'events' },
    { name: 'statement', type: 'textarea', required: true, hint: 'registry.hint.statement' },
    { name: 'language', type: 'text', hint: 'registry.hint.language' },
    { name: 'valueText', type: 'text', hint: 'registry.hint.valueText' },
    { name: 'figures', type: 'figures', hint: 'registry.hint.figures' },
    { name: 'date', type: 'date', hint: dateHint },
    { name: 'translations', type: 'translations' },
    { name: 'contests', type: 'ref', target: 'claims', multiple: true, hint: 'registry.hint.contests' },
    { name: 'verification', type: 'enum', options: verificationLevels, label: (v) => key(`registry.verification.${v}`), required: true },
    { name: 'notes', type: 'textarea' },
    { name: 'published', type: 'published' },
  ],
  recognition: [
    { name: 'kind', type: 'enum', options: acknowledgmentKinds, label: (v) => key(`registry.ack.kind.${v}`), required: true, hint: 'registry.ack.note' },
    { name: 'bodyId', type: 'ref', target: 'actors', required: true },
    { name: 'level', type: 'enum', options: recognitionLevels, label: (v) => key(`registry.level.${v}`), required: true },
    { name: 'jurisdiction', type: 'text', hint: 'registry.hint.jurisdiction' },
    { name: 'eventId', type: 'ref', target: 'events' },
    { name: 'date', type: 'date', hint: dateHint },
    { name: 'term', type: 'text', hint: 'registry.hint.term' },
    { name: 'terms', type: 'terms' },
    { name: 'instrument', type: 'text' },
    { name: 'documentSourceId', type: 'ref', target: 'sources' },
    { name: 'sources', type: 'ref', target: 'sources', multiple: true, required: true, hint: 'registry.hint.sources' },
    { name: 'courtId', type: 'ref', target: 'actors', hint: 'registry.hint.court' },
    { name: 'roles', type: 'roles' },
    { name: 'verification', type: 'enum', options: verificationLevels, label: (v) => key(`registry.verification.${v}`), required: true },
    { name: 'notes', type: 'textarea' },
    { name: 'published', type: 'published' },
  ],
};

/** Fields that only a new record takes; an edit keeps them (they change through their own requests, with a note). */
export const createOnly = new Set(['verification', 'published']);

export const blank: Record<FormKind, Record<string, unknown>> = {
  sources: { kind: 'news' },
  actors: { type: 'organization', classification: 'state' },
  events: {},
  claims: { kind: 'statement', sources: [], verification: 'not-verified', published: false, figures: [], translations: [], contests: [] },
  recognition: { kind: 'recognition', level: 'national-legislature', sources: [], terms: [], roles: [], verification: 'not-verified', published: false },
};

export { recognitionTerms, figureQualifiers };

/** The form's values as the API body: empty texts become absent, so the server's "required" rule sees them. */
export function toBody(kind: FormKind, values: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (creating && typeof values.id === 'string' && values.id.trim()) body.id = values.id.trim();
  const required = new Set(formSpecs[kind].filter((f) => 'required' in f && f.required).map((f) => f.name));
  for (const spec of formSpecs[kind]) {
    const name = spec.name;
    if (!creating && createOnly.has(name)) continue;
    const value = values[name];
    if (value === undefined || value === null || typeof value === 'string') {
      const trimmed = typeof value === 'string' ? value.trim() : '';
      // A required text left empty is sent empty, so that the refusal names the field; an emptied optional one is
      // cleared on an edit and left out of a new record.
      if (trimmed || required.has(name)) body[name] = trimmed;
      else if (!creating) body[name] = null;
    } else body[name] = value;
  }
  return body;
}
