import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import {
  ATTACHMENT_TYPES,
  MAX_THUMBNAIL_BYTES,
  THUMBNAIL_TYPES,
  uploadProblem,
} from '../../lib/domain/attachments';
import type { Attachment } from '../../lib/protocol';
import { conflict, HttpError, notFound } from '../errors';
import { newId } from '../ids';
import type { Db, Executor } from '../store';
import { attachment } from '../store/schema';
import type { FileStore } from './store';

type AttachmentRow = typeof attachment.$inferSelect;
export type Uploader = { memberId: string } | { customerId: string };

/** Files sent in chats: checked, stored, linked from their message by a capability URL. */
export class Attachments {
  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
  ) {}

  /** Checks and stores an upload; it waits, unsent, until a message claims it. */
  async upload(
    workspaceId: string,
    uploader: Uploader,
    file: { name: string; contentType: string; data: Buffer },
  ): Promise<Attachment> {
    const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
    const problem = uploadProblem(
      { contentType, size: file.data.length, name: file.name },
      file.data.subarray(0, 64),
    );
    if (problem)
      throw new HttpError(problem.includes('MB;') ? 413 : 400, 'invalid_file', `file: ${problem}`, 'file');
    const id = newId('att');
    const storageKey = `${workspaceId}/${id}`;
    await this.files.put(storageKey, file.data);
    const [row] = (await this.db
      .insert(attachment)
      .values({
        id,
        workspaceId,
        uploadedByMemberId: 'memberId' in uploader ? uploader.memberId : null,
        uploadedByCustomerId: 'customerId' in uploader ? uploader.customerId : null,
        kind: ATTACHMENT_TYPES[contentType]!.kind,
        name: file.name.trim(),
        contentType,
        size: file.data.length,
        storageKey,
        accessToken: randomBytes(24).toString('base64url'),
      })
      .returning()) as [AttachmentRow];
    return this.toEntity(row);
  }

  /** The small picture the sender's browser made of an image or a video, before the message goes. */
  async setThumbnail(
    workspaceId: string,
    uploader: Uploader,
    attachmentId: string,
    contentType: string,
    data: Buffer,
  ): Promise<Attachment> {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    if (
      !(THUMBNAIL_TYPES as readonly string[]).includes(type) ||
      uploadProblem({ contentType: type, size: data.length, name: 'thumbnail' }, data.subarray(0, 64))
    )
      throw new HttpError(400, 'invalid_file', 'file: a thumbnail is a JPEG, PNG or WebP picture', 'file');
    if (data.length > MAX_THUMBNAIL_BYTES)
      throw new HttpError(413, 'invalid_file', 'file: a thumbnail may be up to 300 KB', 'file');
    const row = await this.ownUnsent(this.db, workspaceId, uploader, attachmentId);
    const thumbnailKey = `${row.storageKey}-thumbnail`;
    await this.files.put(thumbnailKey, data);
    const [updated] = (await this.db
      .update(attachment)
      .set({ thumbnailKey, thumbnailType: type })
      .where(eq(attachment.id, row.id))
      .returning()) as [AttachmentRow];
    return this.toEntity(updated);
  }

  /** Inside the message's transaction: the uploader's unsent attachment, now carried by `messageId`. */
  async claim(
    tx: Executor,
    workspaceId: string,
    uploader: Uploader,
    attachmentId: string,
    messageId: string,
  ): Promise<Attachment> {
    const row = await this.ownUnsent(tx, workspaceId, uploader, attachmentId, true);
    const [claimed] = (await tx
      .update(attachment)
      .set({ messageId })
      .where(eq(attachment.id, row.id))
      .returning()) as [AttachmentRow];
    return this.toEntity(claimed);
  }

  /** A file by its link, or null when the link is not one of ours. */
  async open(attachmentId: string, token: string, part: 'file' | 'thumbnail') {
    const [row] = await this.db.select().from(attachment).where(eq(attachment.id, attachmentId));
    if (!row || row.accessToken !== token) return null;
    const key = part === 'file' ? row.storageKey : row.thumbnailKey;
    if (!key) return null;
    const data = await this.files.get(key);
    if (!data) return null;
    return {
      row,
      data,
      contentType: part === 'file' ? row.contentType : (row.thumbnailType ?? 'image/jpeg'),
    };
  }

  /** The files of messages about to be deleted for good, to remove once the rows are gone. */
  async keysOfMessages(tx: Executor, messageIds: string[]): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const rows = await tx
      .select({ storageKey: attachment.storageKey, thumbnailKey: attachment.thumbnailKey })
      .from(attachment)
      .where(inArray(attachment.messageId, messageIds));
    return rows.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey]));
  }

  async removeFiles(keys: string[]): Promise<void> {
    for (const key of keys) await this.files.remove(key);
  }

  toEntity(row: AttachmentRow): Attachment {
    // Relative to the server: the customer's page is on it, and the extension knows its address.
    const base = `/files/${row.id}/${row.accessToken}`;
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      contentType: row.contentType,
      size: row.size,
      url: base,
      thumbnailUrl: row.thumbnailKey ? `${base}/thumbnail` : null,
    };
  }

  private async ownUnsent(
    db: Executor,
    workspaceId: string,
    uploader: Uploader,
    attachmentId: string,
    lock = false,
  ): Promise<AttachmentRow> {
    const query = db
      .select()
      .from(attachment)
      .where(
        and(
          eq(attachment.id, attachmentId),
          eq(attachment.workspaceId, workspaceId),
          'memberId' in uploader
            ? eq(attachment.uploadedByMemberId, uploader.memberId)
            : eq(attachment.uploadedByCustomerId, uploader.customerId),
        ),
      );
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound(`Attachment ${attachmentId}`);
    if (row.messageId !== null) throw conflict(`Attachment ${attachmentId} was already sent`);
    return row;
  }
}
