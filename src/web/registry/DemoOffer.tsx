import { useEffect, useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi, type Overview } from './api.ts';

/**
 * Offers an administrator of a fresh instance the example case. Shown on the registry page; the home page can
 * render it too (it renders nothing unless the server says the example is available, not loaded, and loadable).
 */
export function DemoOffer({ demo, onLoaded }: { demo: Overview['demo']; onLoaded: () => void }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'working' | 'done' | 'already' | { error: unknown }>('idle');
  if (!demo.available || !demo.canLoad || (demo.loaded && state === 'idle')) return null;
  const load = async () => {
    setState('working');
    try {
      const result = await registryApi.loadDemo();
      setState(result.status === 'loaded' ? 'done' : 'already');
      onLoaded();
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <section className="panel demo-offer" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('registry.demo.title')}</h2>
      <p>{t('registry.demo.body')}</p>
      {state === 'done' ? <Notice kind="success">{t('registry.demo.loaded')}</Notice> : null}
      {state === 'already' ? <Notice kind="info">{t('registry.demo.already')}</Notice> : null}
      {typeof state === 'object' ? <Notice kind="error">{describeError(t, state.error)}</Notice> : null}
      {state === 'idle' || typeof state === 'object' || state === 'working' ? (
        <button type="button" className="button-primary" onClick={() => void load()} disabled={state === 'working'}>
          {state === 'working' ? t('registry.demo.loading') : t('registry.demo.load')}
        </button>
      ) : null}
    </section>
  );
}

/** For the home page: fetches the registry overview and offers the example when appropriate. */
export function HomeDemoOffer() {
  const [demo, setDemo] = useState<Overview['demo'] | null>(null);
  useEffect(() => {
    let current = true;
    registryApi.overview().then(
      (o) => current && setDemo(o.demo),
      () => current && setDemo(null),
    );
    return () => {
      current = false;
    };
  }, []);
  return demo ? <DemoOffer demo={demo} onLoaded={() => setDemo({ ...demo, loaded: true })} /> : null;
}
