import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MAX_AVATAR_BYTES,
  notificationSettings,
  passwordChange,
  passwordChanged,
  profile,
  profilePatch,
} from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import { HttpError } from '../errors';
import type { ProfileService } from '../profile/service';
import type { Db } from '../store';

/** The signed-in member's own profile, picture and notification choices (product §11). */
export const profileRoutes: FastifyPluginAsyncZod<{ db: Db; profiles: ProfileService }> = async (
  app,
  { db, profiles },
) => {
  const preHandler = requireMember(db);

  app.get('/api/me/profile', { preHandler, schema: { response: { 200: profile } } }, async (request) =>
    profiles.get(memberOf(request).id),
  );

  app.patch(
    '/api/me/profile',
    { preHandler, schema: { body: profilePatch, response: { 200: profile } } },
    async (request) => profiles.update(memberOf(request), request.body),
  );

  app.put(
    '/api/me/notifications',
    { preHandler, schema: { body: notificationSettings, response: { 200: profile } } },
    async (request) => profiles.setNotifications(memberOf(request), request.body),
  );

  // The current session stays signed in; every other one of the member ends (product §11).
  app.post(
    '/api/me/password',
    { preHandler, schema: { body: passwordChange, response: { 200: passwordChanged } } },
    async (request) => profiles.changePassword(memberOf(request), request.sessionToken!, request.body),
  );

  // The picture's bytes as the body, its type as Content-Type (acceptFileBodies parses image types).
  app.put('/api/me/avatar', { preHandler, bodyLimit: MAX_AVATAR_BYTES * 2 }, async (request) => {
    if (!Buffer.isBuffer(request.body))
      throw new HttpError(400, 'invalid_file', 'file: send the picture itself (PNG, JPEG or WebP)', 'file');
    return profile.parse(
      await profiles.setAvatar(memberOf(request), request.headers['content-type'] ?? '', request.body),
    );
  });

  app.delete('/api/me/avatar', { preHandler, schema: { response: { 200: profile } } }, async (request) =>
    profiles.removeAvatar(memberOf(request)),
  );

  // Avatars show in every teammate's lists and in img tags, which send no token: the unguessable name is the key.
  app.get(
    '/avatars/:name',
    { schema: { params: z.object({ name: z.string().min(1).max(120) }) } },
    async (request, reply) => {
      const found = await profiles.avatar(request.params.name);
      if (!found) throw new HttpError(404, 'not_found', 'This picture does not exist');
      return reply
        .header('content-type', found.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(found.data);
    },
  );
};
