import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Fonts are bundled from the installed packages and served by Reckon itself: no third-party font host sees who
// reads what, and the CSP (font-src 'self') allows nothing else. Noto Sans covers Latin (with Azerbaijani's
// ə, ğ, ı) and Cyrillic; Noto Sans Armenian covers Armenian.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans-armenian/400.css';
import '@fontsource/noto-sans-armenian/600.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import { App } from './App.tsx';
import { preloadModuleOf } from './modules.tsx';
import { joinEarly } from './dialogue/early-join.ts';
import { matrixEarly } from './cases/early-matrix.ts';

// The page in the address bar starts loading now, beside the session request rather than after it.
preloadModuleOf(window.location.pathname);
// An invitation link's join goes out now too: it needs no session, and it is the page's last round trip.
joinEarly(window.location.pathname, window.location.hash);
// The evidence matrix's one request too (issue 21: the page in at most a second).
matrixEarly(window.location.pathname);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
