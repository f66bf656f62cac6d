import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from '#i18n';
import { PopupApp } from '@/components/popup/PopupApp';
import '@/components/app/sidepanel.css';

document.documentElement.lang = i18n.t('app.htmlLang');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupApp />
  </StrictMode>,
);
