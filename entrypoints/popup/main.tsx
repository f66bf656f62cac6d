import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from '#i18n';
import { PopupApp } from '@/components/popup/PopupApp';
import { DbProvider } from '@/components/app/db';
import { SidedeskDb } from '@/lib/client/db';
import '@/components/app/sidepanel.css';

document.documentElement.lang = i18n.t('app.htmlLang');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DbProvider db={new SidedeskDb()}>
      <PopupApp />
    </DbProvider>
  </StrictMode>,
);
