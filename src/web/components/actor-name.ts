import type { I18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';

/** The server's system actors (systemActor(name) in src/server) a person meets in a timeline, named in words. */
const SYSTEM_ACTORS: Record<string, MessageKey> = {
  'command line': 'audit.systemActor.commandLine',
  extraction: 'audit.systemActor.extraction',
  scheduler: 'audit.systemActor.scheduler',
  'public portal': 'audit.systemActor.publicPortal',
};

/**
 * Who did something, as an audit event records it: a username as it is; "system: extraction" (the server's English
 * label for its own work, src/server/accounts/actor.ts) in the reader's language, or "System" for a part not named
 * here; "public" as a visitor.
 */
export function actorInWords(t: I18n['t'], label: string | null | undefined): string {
  if (!label) return t('audit.system');
  if (label === 'public') return t('audit.visitor');
  if (!label.startsWith('system: ')) return label;
  const key = SYSTEM_ACTORS[label.slice('system: '.length)];
  return key ? t(key) : t('audit.system');
}

/**
 * Whether the label is a person's username, shown as it is: its cell is marked translate="no", so neither a browser's
 * translation nor the raw-code check takes a name such as "field-team" for words or a code.
 */
export function isUsername(label: string | null | undefined): boolean {
  return Boolean(label) && label !== 'public' && !label!.startsWith('system: ');
}
