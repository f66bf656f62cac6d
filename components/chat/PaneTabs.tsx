import { useRef, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { WORKBENCH_TABS, type WorkbenchTab } from '@/components/workbench/Workbench';

export type Pane = 'chat' | WorkbenchTab;
const PANES: Pane[] = ['chat', ...WORKBENCH_TABS];

/** Chat, Orders, Products, Vouchers: one tab stop, arrows move between them (the ARIA tabs pattern). */
export function PaneTabs({ pane, onChange }: { pane: Pane; onChange: (pane: Pane) => void }) {
  const refs = useRef<Partial<Record<Pane, HTMLButtonElement | null>>>({});
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = PANES[(PANES.indexOf(pane) + step + PANES.length) % PANES.length] ?? 'chat';
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="workbench-tabs" role="tablist" aria-label={i18n.t('workbench.label')}>
      {PANES.map((p) => (
        <button
          key={p}
          ref={(el) => {
            refs.current[p] = el;
          }}
          type="button"
          role="tab"
          id={`workbench-tab-${p}`}
          data-testid={`pane-${p}`}
          aria-selected={pane === p}
          aria-controls={p === 'chat' ? undefined : `workbench-${p}`}
          tabIndex={pane === p ? 0 : -1}
          onClick={() => onChange(p)}
          onKeyDown={onKeyDown}
        >
          {i18n.t(`workbench.tabs.${p}`)}
        </button>
      ))}
    </div>
  );
}
