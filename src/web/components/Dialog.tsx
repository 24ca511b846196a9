import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

interface DialogProps {
  open: boolean;
  title: string;
  onClose?: () => void;
  children: ReactNode;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page behind inert and handles Escape.
 * A dialog without `onClose` cannot be dismissed (the forced password change). Focus returns to whatever opened it.
 */
export function Dialog({ open, title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const t = useT();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      return () => {
        if (dialog.open) dialog.close();
        opener?.focus();
      };
    }
    return undefined;
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose?.();
      }}
      onClose={() => {
        // Chromium lets a repeated Escape close a modal even when `cancel` is prevented; keep React in step, and
        // put a dialog that must not be dismissed straight back
        const dialog = ref.current;
        if (!open || !dialog || dialog.open) return;
        if (onClose) onClose();
        else dialog.showModal();
      }}
    >
      {open ? (
        <>
          <div className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            {onClose ? (
              <button type="button" className="button-quiet" onClick={onClose}>
                {t('common.close')}
              </button>
            ) : null}
          </div>
          <div className="dialog-body">{children}</div>
        </>
      ) : null}
    </dialog>
  );
}
