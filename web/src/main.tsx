import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from './app/AppProviders.tsx';
import { readCspNonce, stampNonceOnNewStyles } from './app/csp-nonce.ts';
import { createQueryClient } from './app/query-client.ts';
import { router } from './app/router.tsx';
import { initI18n } from './i18n/index.ts';
import './app/global.css';

const nonce = readCspNonce();
if (nonce) stampNonceOnNewStyles(nonce);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

// The first paint must already be in the chosen language, so translations load first.
void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <AppProviders queryClient={createQueryClient()} nonce={nonce}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
});
