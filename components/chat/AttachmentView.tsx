import { Paperclip } from 'lucide-react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { formatBytes } from '@/lib/domain/attachments';
import { attachment as attachmentSchema, type Attachment } from '@/lib/protocol';

/** The file a message carries, if it carries a well-formed one. */
export function attachmentOf(payload: Record<string, unknown> | null | undefined): Attachment | null {
  const parsed = attachmentSchema.safeParse(payload?.attachment);
  return parsed.success ? parsed.data : null;
}

/** A picture (its thumbnail, opening the whole), a video player, or a file to download. */
export function AttachmentView({ file }: { file: Attachment }) {
  const { session } = useSession();
  // Links are relative to the server; the panel is an extension page, so they are made absolute here.
  const url = new URL(file.url, session.serverUrl).href;
  const thumbnail = file.thumbnailUrl ? new URL(file.thumbnailUrl, session.serverUrl).href : null;
  if (file.kind === 'image') {
    return (
      <a className="attachment" data-testid="attachment" href={url} target="_blank" rel="noopener noreferrer">
        <img src={thumbnail ?? url} alt={file.name} loading="lazy" />
      </a>
    );
  }
  if (file.kind === 'video') {
    return (
      <video
        className="attachment"
        data-testid="attachment"
        src={url}
        poster={thumbnail ?? undefined}
        controls
        preload="metadata"
        aria-label={file.name}
      />
    );
  }
  return (
    <a
      className="attachment attachment-file"
      data-testid="attachment"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      download={file.name}
    >
      <Paperclip size={14} aria-hidden="true" className="inline-icon" /> {file.name}{' '}
      <span className="muted">({formatBytes(file.size)})</span>
      <span className="visually-hidden"> {i18n.t('attachments.download')}</span>
    </a>
  );
}
