import { useState } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

/** Copies text to the clipboard and says whether it worked; the clipboard API needs a secure context. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useT();
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span className="copy">
      <button
        type="button"
        className="button-secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setResult('copied');
          } catch {
            setResult('failed');
          }
        }}
      >
        {label ?? t('common.copy')}
      </button>
      <span role="status" className="copy-status">
        {result === 'copied' ? t('common.copied') : result === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
