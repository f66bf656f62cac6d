import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '@/components/app/SidePanelApp';
import { DbProvider } from '@/components/app/db';
import { SidedeskDb } from '@/lib/client/db';
import '@/components/app/sidepanel.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DbProvider db={new SidedeskDb()}>
      <SidePanelApp />
    </DbProvider>
  </StrictMode>,
);
