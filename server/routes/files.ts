import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../lib/domain/attachments';
import { memberOf, requireMember } from '../auth/plugin';
import { checked, HttpError } from '../errors';
import type { Attachments } from '../files/attachments';
import type { Db } from '../store';

const fileParams = z.object({ attachmentId: z.string().min(1).max(64), token: z.string().min(1).max(64) });
const attachmentParams = z.object({ attachmentId: z.string().min(1).max(64) });

/** The file's name from its header, percent-encoded so any language survives HTTP. */
function fileNameOf(header: unknown): string {
  try {
    const name = decodeURIComponent(String(header ?? '')).trim();
    if (name) return name.slice(0, 200);
  } catch {
    // Falls through to the error below.
  }
  throw new HttpError(
    400,
    'invalid_input',
    'x-file-name: give the file name, percent-encoded',
    'x-file-name',
  );
}

/** Lets every route take a file's raw bytes as its body, up to the largest upload's size. */
export function acceptFileBodies(app: FastifyInstance): void {
  for (const type of Object.keys(ATTACHMENT_TYPES)) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_request, body, done) => done(null, body),
    );
  }
}

/**
 * Uploads (the raw bytes as the body, the type as Content-Type, the name in x-file-name) and the files'
 * own links. A link carries the file's secret token and serves it with a type the browser may not
 * second-guess and a sandbox, so nothing uploaded can run as a page.
 */
export const fileRoutes: FastifyPluginAsync<{ db: Db; attachments: Attachments }> = async (
  app,
  { db, attachments },
) => {
  await app.register(async (members) => {
    members.addHook('preHandler', requireMember(db));
    members.post('/api/attachments', { bodyLimit: MAX_ATTACHMENT_BYTES }, async (request) => {
      const actor = memberOf(request);
      if (!Buffer.isBuffer(request.body))
        throw new HttpError(400, 'invalid_input', 'body: send the file itself', 'body');
      return attachments.upload(
        actor.workspaceId,
        { memberId: actor.id },
        {
          name: fileNameOf(request.headers['x-file-name']),
          contentType: request.headers['content-type'] ?? '',
          data: request.body,
        },
      );
    });
    members.post('/api/attachments/:attachmentId/thumbnail', async (request) => {
      const actor = memberOf(request);
      const { attachmentId } = checked(attachmentParams, request.params, 'params');
      if (!Buffer.isBuffer(request.body))
        throw new HttpError(400, 'invalid_input', 'body: send the picture itself', 'body');
      return attachments.setThumbnail(
        actor.workspaceId,
        { memberId: actor.id },
        attachmentId,
        request.headers['content-type'] ?? '',
        request.body,
      );
    });
  });

  const serve = (part: 'file' | 'thumbnail') => async (request: { params: unknown }, reply: FastifyReply) => {
    const { attachmentId, token } = checked(fileParams, request.params, 'params');
    const found = await attachments.open(attachmentId, token, part);
    if (!found) throw new HttpError(404, 'not_found', 'This file does not exist or its link is wrong');
    const inline =
      part === 'thumbnail' || found.row.kind !== 'file' || found.row.contentType === 'application/pdf';
    return reply
      .header('content-type', found.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header(
        'content-disposition',
        `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(found.row.name)}`,
      )
      .send(found.data);
  };
  app.get('/files/:attachmentId/:token', serve('file'));
  app.get('/files/:attachmentId/:token/thumbnail', serve('thumbnail'));
};
