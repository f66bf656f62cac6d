import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from '#i18n';
import { ReportsApp } from '@/components/analytics/ReportsApp';
import { DbProvider } from '@/components/app/db';
import { SidedeskDb } from '@/lib/client/db';
import '@/components/app/sidepanel.css';

document.documentElement.lang = i18n.t('app.htmlLang');
document.title = i18n.t('reports.title');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DbProvider db={new SidedeskDb()}>
      <ReportsApp />
    </DbProvider>
  </StrictMode>,
);
