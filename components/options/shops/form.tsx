import { useState, type ReactNode } from 'react';
import { Check, Copy } from 'lucide-react';
import { i18n } from '#i18n';
import { ApiError } from '@/lib/client/api';

/** What the server refused: its words and the field it named (`body.name`), shown beside that field. */
export interface Refusal {
  message: string;
  field?: string;
}

export function refusalOf(error: unknown): Refusal {
  if (error instanceof ApiError) return { message: error.message, field: error.field };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A field's error when the refusal names it (or a part of it: `body.memberIds.1` is about memberIds). */
export function errorFor(refusal: Refusal | null, ...fields: string[]): string | null {
  if (!refusal?.field) return null;
  return fields.some((f) => refusal.field === f || refusal.field!.startsWith(`${f}.`))
    ? refusal.message
    : null;
}

export function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/** A refusal that names no field of the form: shown at the foot of the section. */
export function SectionError({ refusal, fields }: { refusal: Refusal | null; fields: string[] }) {
  if (!refusal || errorFor(refusal, ...fields)) return null;
  return (
    <p className="error" role="alert">
      {refusal.message}
    </p>
  );
}

/** One part of a shop's settings, saved on its own. */
export function Section({
  title,
  icon,
  intro,
  children,
  testId,
}: {
  title: string;
  icon: ReactNode;
  intro?: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="shop-section" data-testid={testId} aria-label={title}>
      <h3>
        {icon}
        {title}
      </h3>
      {intro && <p className="muted shop-intro">{intro}</p>}
      {children}
    </section>
  );
}

export function SaveRow({ busy, saved, label }: { busy: boolean; saved: boolean; label?: string }) {
  return (
    <div className="save-row">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? i18n.t('shops.saving') : (label ?? i18n.t('shops.save'))}
      </button>
      {saved && (
        <span className="saved" role="status">
          <Check size={14} aria-hidden /> {i18n.t('shops.saved')}
        </span>
      )}
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="secondary small"
      aria-label={label}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        })
      }
    >
      {copied ? <Check size={13} aria-hidden /> : <Copy size={13} aria-hidden />}{' '}
      {copied ? i18n.t('shops.copied') : i18n.t('shops.copy')}
    </button>
  );
}

/** Runs a save: busy while it runs, the refusal kept, "Saved" shown after. */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setSaved(false);
    setRefusal(null);
    try {
      await work();
      setSaved(true);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, refusal, saved, run, setRefusal };
}
