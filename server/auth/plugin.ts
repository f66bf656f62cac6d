import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthorized } from '../errors';
import type { Db } from '../store';
import { authenticate, type MemberRow } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    member: MemberRow | null;
    sessionToken: string | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

/** A preHandler that lets the request through only with a live session, and puts its member on it. */
export function requireMember(db: Db) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearerToken(request);
    const member = token ? await authenticate(db, token) : null;
    if (!member) throw unauthorized();
    request.member = member;
    request.sessionToken = token;
  };
}

/** The signed-in member of a request that passed requireMember. */
export function memberOf(request: FastifyRequest): MemberRow {
  if (!request.member) throw unauthorized();
  return request.member;
}
