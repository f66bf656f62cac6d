import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from '#i18n';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/app/sidepanel.css';

document.documentElement.lang = i18n.t('app.htmlLang');
document.title = i18n.t('options.title');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsApp />
  </StrictMode>,
);
