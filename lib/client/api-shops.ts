import type { z } from 'zod';
import {
  categoryRules,
  session,
  shopDetail,
  shopList,
  shopQueueSettings,
  shopSlaSettings,
  webhookChannelState,
  webhookSecretAnswer,
  type CategoryRules,
  type ShopCreate,
  type ShopDetail,
  type ShopPatch,
  type ShopQueueSettings,
  type ShopSlaSettings,
  type WebhookChannelState,
  type WebhookSecretAnswer,
} from '../protocol';
import type { ApiClient } from './api';

/** The Shops page's calls (product §11), each answer checked against the protocol. */

const shopPath = (shopId: string, rest = '') => `/api/shops/${encodeURIComponent(shopId)}${rest}`;

export function listShops(api: ApiClient, archived: 'exclude' | 'include' | 'only'): Promise<ShopDetail[]> {
  return api.request('GET', `/api/shops?archived=${archived}`, shopList).then((r) => r.shops);
}

export function createShop(api: ApiClient, body: ShopCreate): Promise<ShopDetail> {
  return api.request('POST', '/api/shops', shopDetail, body);
}

export function updateShop(api: ApiClient, shopId: string, patch: ShopPatch): Promise<ShopDetail> {
  return api.request('PATCH', shopPath(shopId), shopDetail, patch);
}

export function setShopArchived(api: ApiClient, shopId: string, archived: boolean): Promise<ShopDetail> {
  return api.request('POST', shopPath(shopId, archived ? '/archive' : '/unarchive'), shopDetail);
}

export function saveSlaSettings(
  api: ApiClient,
  shopId: string,
  body: ShopSlaSettings,
): Promise<ShopSlaSettings> {
  return api.request('PUT', shopPath(shopId, '/sla-settings'), shopSlaSettings, body);
}

export function saveQueueSettings(
  api: ApiClient,
  shopId: string,
  body: ShopQueueSettings,
): Promise<ShopQueueSettings> {
  return api.request('PUT', shopPath(shopId, '/queue-settings'), shopQueueSettings, body);
}

export function saveCategoryRules(
  api: ApiClient,
  shopId: string,
  body: CategoryRules,
): Promise<CategoryRules> {
  return api.request('PUT', shopPath(shopId, '/category-rules'), categoryRules, body);
}

export function turnWebhookOn(api: ApiClient, shopId: string): Promise<WebhookSecretAnswer> {
  return api.request('POST', shopPath(shopId, '/webhook'), webhookSecretAnswer);
}

export function rotateWebhookSecret(
  api: ApiClient,
  shopId: string,
  overlapHours: number,
): Promise<WebhookSecretAnswer> {
  return api.request('POST', shopPath(shopId, '/webhook/rotate'), webhookSecretAnswer, { overlapHours });
}

export function turnWebhookOff(api: ApiClient, shopId: string): Promise<WebhookChannelState> {
  return api.request('DELETE', shopPath(shopId, '/webhook'), webhookChannelState);
}

export function saveDeliveryUrl(
  api: ApiClient,
  shopId: string,
  deliveryUrl: string | null,
): Promise<WebhookChannelState> {
  return api.request('PUT', shopPath(shopId, '/delivery-url'), webhookChannelState, { deliveryUrl });
}

const me = session.omit({ token: true, expiresAt: true });

/** The signed-in member, their workspace and its shops as the server has them now. */
export function fetchMe(api: ApiClient): Promise<z.infer<typeof me>> {
  return api.request('GET', '/api/me', me);
}
