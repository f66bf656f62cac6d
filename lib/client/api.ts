import type { z } from 'zod';
import { i18n } from '#i18n';
import {
  apiError,
  attachment,
  bulkResult,
  message,
  readResult,
  savedViews,
  searchResult,
  replyResult,
  session,
  syncPage,
  teamList,
  teamMember,
  transferAllResult,
  type AssignBody,
  type Attachment,
  type BulkBody,
  type BulkResult,
  type ConversationPatch,
  type Message,
  type NoteBody,
  type SavedView,
  type SearchHit,
  type MemberChanges,
  type TeamMember,
  type TransferBody,
  type ReadMark,
  type ReplyBody,
  type ReplyResult,
  type Session,
  type SignInBody,
  type SyncPage,
  orderLookup,
  ordersResult,
  productsResult,
  savedRepliesResult,
  savedReply,
  vouchersResult,
  type Order,
  type OrderLookup,
  type Product,
  type SavedReply,
  type SavedReplyFields,
  type Voucher,
  analyticsConversations,
  analyticsReport,
  analyticsSummary,
  type AnalyticsConversations,
  type AnalyticsConversationsQuery,
  type AnalyticsFilter,
  type AnalyticsReport,
  type AnalyticsReportQuery,
  type AnalyticsSummary,
} from '../protocol';

/** An answer of the server that says no; `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The input the server named as wrong (`body.email`), so a form can show the message beside it. */
    readonly field?: string,
    /** How long the server asks to wait before trying again (its Retry-After), in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Worth trying again later: the server was unreachable or failed, rather than refusing the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

type AnalyticsConversationsInput = Omit<AnalyticsConversationsQuery, 'limit'> & { limit?: number };

/** A query string of filters: lists comma-separated, empty values left out. */
function analyticsQuery(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  return params.toString();
}

/** The sync server's REST API, every answer checked against the protocol's schemas. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  signIn(body: SignInBody): Promise<Session> {
    return this.request('POST', '/api/auth/sign-in', session, body);
  }

  async signOut(): Promise<void> {
    await this.request('POST', '/api/auth/sign-out', null);
  }

  sync(after: number, limit = 500): Promise<SyncPage> {
    return this.request('GET', `/api/sync?after=${after}&limit=${limit}`, syncPage);
  }

  reply(conversationId: string, body: ReplyBody): Promise<ReplyResult> {
    return this.request(
      'POST',
      `/api/conversations/${encodeURIComponent(conversationId)}/replies`,
      replyResult,
      body,
    );
  }

  markRead(conversationId: string, readUpTo: string): Promise<ReadMark> {
    return this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/read`, readResult, {
      readUpTo,
    });
  }

  team(): Promise<TeamMember[]> {
    return this.request('GET', '/api/members', teamList).then((r) => r.members);
  }

  updateMember(memberId: string | 'me', changes: MemberChanges): Promise<TeamMember> {
    return this.request('PATCH', `/api/members/${encodeURIComponent(memberId)}`, teamMember, changes);
  }

  async assign(conversationId: string, body: AssignBody): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/assign`, null, body);
  }

  async transfer(conversationId: string, body: TransferBody): Promise<void> {
    await this.request(
      'POST',
      `/api/conversations/${encodeURIComponent(conversationId)}/transfer`,
      null,
      body,
    );
  }

  transferAll(fromMemberId: string | 'me', body: TransferBody): Promise<number> {
    return this.request(
      'POST',
      `/api/members/${encodeURIComponent(fromMemberId)}/transfer-all`,
      transferAllResult,
      body,
    ).then((r) => r.moved);
  }

  async endSession(conversationId: string): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/end`, null);
  }

  async snooze(conversationId: string, until: Date): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/snooze`, null, {
      until: until.toISOString(),
    });
  }

  async unsnooze(conversationId: string): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/unsnooze`, null);
  }

  async setStarred(conversationId: string, starred: boolean): Promise<void> {
    await this.request('PUT', `/api/conversations/${encodeURIComponent(conversationId)}/star`, null, {
      starred,
    });
  }

  async trash(conversationId: string): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/trash`, null);
  }

  async restore(conversationId: string): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/restore`, null);
  }

  async deleteForGood(conversationId: string): Promise<void> {
    await this.request('DELETE', `/api/conversations/${encodeURIComponent(conversationId)}`, null);
  }

  /** Category, tags or priority of a conversation. */
  async organize(conversationId: string, patch: ConversationPatch): Promise<void> {
    await this.request('PATCH', `/api/conversations/${encodeURIComponent(conversationId)}`, null, patch);
  }

  addNote(conversationId: string, body: NoteBody): Promise<Message> {
    return this.request(
      'POST',
      `/api/conversations/${encodeURIComponent(conversationId)}/notes`,
      message,
      body,
    );
  }

  bulk(body: BulkBody): Promise<BulkResult> {
    return this.request('POST', '/api/conversations/bulk', bulkResult, body);
  }

  search(q: string, limit = 30): Promise<SearchHit[]> {
    const query = new URLSearchParams({ q, limit: String(limit) });
    return this.request('GET', `/api/search?${query}`, searchResult).then((r) => r.hits);
  }

  savedViews(): Promise<SavedView[]> {
    return this.request('GET', '/api/me/views', savedViews).then((r) => r.views);
  }

  saveViews(views: SavedView[]): Promise<SavedView[]> {
    return this.request('PUT', '/api/me/views', savedViews, { views }).then((r) => r.views);
  }

  /** The orders of a conversation's customer in its shop, newest first. */
  orders(conversationId: string): Promise<Order[]> {
    return this.request(
      'GET',
      `/api/conversations/${encodeURIComponent(conversationId)}/orders`,
      ordersResult,
    ).then((r) => r.orders);
  }

  products(shopId: string, q: string, limit = 40): Promise<Product[]> {
    const query = new URLSearchParams({ q, limit: String(limit) });
    return this.request(
      'GET',
      `/api/shops/${encodeURIComponent(shopId)}/products?${query}`,
      productsResult,
    ).then((r) => r.products);
  }

  vouchers(shopId: string): Promise<Voucher[]> {
    return this.request('GET', `/api/shops/${encodeURIComponent(shopId)}/vouchers`, vouchersResult).then(
      (r) => r.vouchers,
    );
  }

  /** An order by the number a seller-center page shows, with the chat to open it in. */
  orderByNumber(shopId: string, number: string): Promise<OrderLookup> {
    return this.request(
      'GET',
      `/api/shops/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(number)}`,
      orderLookup,
    );
  }

  savedReplies(): Promise<SavedReply[]> {
    return this.request('GET', '/api/saved-replies', savedRepliesResult).then((r) => r.replies);
  }

  /** Adds a saved reply, or changes the one with this id. */
  saveReply(fields: SavedReplyFields, id?: string): Promise<SavedReply> {
    return id
      ? this.request('PUT', `/api/saved-replies/${encodeURIComponent(id)}`, savedReply, fields)
      : this.request('POST', '/api/saved-replies', savedReply, fields);
  }

  async deleteReply(id: string): Promise<void> {
    await this.request('DELETE', `/api/saved-replies/${encodeURIComponent(id)}`, null);
  }

  /** The popup's figures: today and the last 7 days, the trend and the team. */
  analyticsSummary(filter: AnalyticsFilter = {}): Promise<AnalyticsSummary> {
    return this.request('GET', `/api/analytics/summary?${analyticsQuery(filter)}`, analyticsSummary);
  }

  analyticsReport(query: AnalyticsReportQuery): Promise<AnalyticsReport> {
    return this.request('GET', `/api/analytics/report?${analyticsQuery(query)}`, analyticsReport);
  }

  /** The conversations behind one figure, a page at a time. */
  analyticsConversations(query: AnalyticsConversationsInput): Promise<AnalyticsConversations> {
    return this.request(
      'GET',
      `/api/analytics/conversations?${analyticsQuery(query)}`,
      analyticsConversations,
    );
  }

  /** The report's conversations as CSV, one row each with its timings. */
  async analyticsCsv(query: AnalyticsReportQuery): Promise<Blob> {
    const response = await this.send(
      'GET',
      `/api/analytics/export.csv?${analyticsQuery(query)}`,
      undefined,
      {},
      60_000,
    );
    return response.blob();
  }

  /** Uploads a file for a reply; it is sent when a reply names it. */
  uploadAttachment(file: Blob, name: string): Promise<Attachment> {
    return this.upload('/api/attachments', file, { 'x-file-name': encodeURIComponent(name) });
  }

  /** The small picture of an uploaded image or video, made in the browser. */
  setThumbnail(attachmentId: string, picture: Blob): Promise<Attachment> {
    return this.upload(`/api/attachments/${encodeURIComponent(attachmentId)}/thumbnail`, picture, {});
  }

  /** Feature modules (`lib/client/api-*.ts`) add their uploads with this. */
  async upload<T = Attachment>(
    path: string,
    data: Blob,
    headers: Record<string, string>,
    /** What the server answers with (an attachment unless said) and how it is sent. */
    answer: { schema?: z.ZodType<T>; method?: string } = {},
  ): Promise<T> {
    const response = await this.send(
      answer.method ?? 'POST',
      path,
      data,
      {
        ...headers,
        'content-type': data.type || 'application/octet-stream',
      },
      120_000,
    );
    return (answer.schema ?? (attachment as unknown as z.ZodType<T>)).parse(await response.json());
  }

  /** One JSON call checked against `schema`; feature modules (`lib/client/api-*.ts`) add their calls with it. */
  async request<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const response = await this.send(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { 'content-type': 'application/json' },
      15_000,
    );
    if (schema === null) {
      await response.body?.cancel();
      return undefined as T;
    }
    return schema.parse(await response.json());
  }

  /** One call to the server with the member's token; a refusal becomes an ApiError with the server's words. */
  private async send(
    method: string,
    path: string,
    body: BodyInit | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<Response> {
    if (this.token) headers = { ...headers, authorization: `Bearer ${this.token}` };
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ApiError(0, i18n.t('errors.unreachable', [this.baseUrl]));
    }
    if (!response.ok) {
      const parsed = apiError.safeParse(await response.json().catch(() => null));
      throw new ApiError(
        response.status,
        parsed.success ? parsed.data.message : i18n.t('errors.serverAnswered', [response.status]),
        parsed.success ? (parsed.data.field ?? undefined) : undefined,
        Number(response.headers.get('retry-after')) || undefined,
      );
    }
    return response;
  }
}
