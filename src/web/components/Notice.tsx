import type { ReactNode } from 'react';

/**
 * Messages that appear after an action. Errors use role="alert" so they are announced at once; confirmations use
 * role="status" so they are announced without interrupting.
 */
export function Notice({ kind, children, id }: { kind: 'error' | 'success' | 'info'; children: ReactNode; id?: string }) {
  return (
    <div id={id} className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
