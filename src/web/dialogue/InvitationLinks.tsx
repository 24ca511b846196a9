import { CopyButton } from '../components/CopyButton.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { invitationLink, type Community, type Invitation } from './api.ts';
import { pick } from './localized.ts';
import { lazy, Suspense } from 'react';

// the QR encoder loads only when links are shown (facilitators), never with a participant's page
const InvitationQr = lazy(() => import('./InvitationQr.tsx').then((m) => ({ default: m.InvitationQr })));

/**
 * Invitation links, shown once: the server keeps only a hash of each token, so after this page is left the only
 * way to hand out a link again is to renew it (which stops the old one).
 */
export function InvitationLinks({ communities, invitations }: { communities: Community[]; invitations: Invitation[] }) {
  const { t, locale } = useI18n();
  if (invitations.length === 0) return null;
  return (
    <section className="panel secret-panel dialogue-invitations" aria-labelledby="dialogue-invitations-title">
      <h2 id="dialogue-invitations-title">{t('dialogue.invite.title')}</h2>
      <p>{t('dialogue.invite.once')}</p>
      <p className="cell-sub">{t('dialogue.invite.qrHelp')}</p>
      <ul className="dialogue-links">
        {invitations.map((invitation) => {
          const community = communities.find((c) => c.id === invitation.communityId);
          const name = pick(community?.name, locale);
          const link = invitationLink(invitation.token);
          return (
            <li key={invitation.communityId}>
              <p className="dialogue-link-name" lang={name.lang}>
                {name.text}
              </p>
              <p className="secret">
                <code>{link}</code>
              </p>
              <CopyButton text={link} label={t('dialogue.invite.copy', { community: name.text })} />
              <Suspense fallback={null}>
                <InvitationQr link={link} label={t('dialogue.invite.qr', { community: name.text })} />
              </Suspense>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
