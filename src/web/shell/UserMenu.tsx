import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { User } from '../api/types.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';

/**
 * A disclosure (button + panel), not an ARIA menu: the panel holds a form control (language) as well as links and
 * buttons, and ordinary Tab navigation works inside it. Escape or a click elsewhere closes it.
 */
export function UserMenu({ user, onChangePassword }: { user: User; onChangePassword: () => void }) {
  const t = useT();
  const { logout } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div
      className="user-menu"
      ref={rootRef}
      onBlur={(event) => {
        // Tabbing past the last item closes the panel, as a click elsewhere does (clicks are handled above)
        const next = event.relatedTarget;
        if (open && next instanceof Node && !event.currentTarget.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('userMenu.button', { name: user.displayName || user.username })}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu-name">{user.displayName || user.username}</span>
        <span aria-hidden="true" className="chevron" />
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-identity">
          <span className="muted">{t('userMenu.signedInAs')}</span>
          <strong>{user.displayName || user.username}</strong>
          <span className="muted">{user.username}</span>
          <span>{t('userMenu.role', { role: t(`role.${user.role}`) })}</span>
        </p>
        <LanguageSelect />
        <ul className="user-menu-actions">
          <li>
            <button
              type="button"
              className="button-quiet"
              onClick={() => {
                setOpen(false);
                onChangePassword();
              }}
            >
              {t('userMenu.changePassword')}
            </button>
          </li>
          <li>
            <Link to="/account/tokens" className="button-quiet" onClick={() => setOpen(false)}>
              {t('userMenu.tokens')}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className="button-quiet"
              onClick={async () => {
                setOpen(false);
                await logout();
                navigate('/');
              }}
            >
              {t('userMenu.logout')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
