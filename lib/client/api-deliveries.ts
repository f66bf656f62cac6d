import type { ApiClient } from './api';
import {
  deliveryRetryResult,
  failedDeliveryList,
  type DeliveryRetryResult,
  type FailedDeliveryList,
} from '../protocol';

/** The workspace's failed deliveries to shops' URLs (managers and above). */
export function listFailedDeliveries(api: ApiClient): Promise<FailedDeliveryList> {
  return api.request('GET', '/api/deliveries', failedDeliveryList);
}

/** Sends one failed delivery again; it goes on behind the earlier messages of its chat. */
export function retryDelivery(api: ApiClient, messageId: string): Promise<DeliveryRetryResult> {
  return api.request('POST', `/api/deliveries/${encodeURIComponent(messageId)}/retry`, deliveryRetryResult);
}

/** Sends every failed delivery of the workspace again. */
export function retryAllDeliveries(api: ApiClient): Promise<DeliveryRetryResult> {
  return api.request('POST', '/api/deliveries/retry', deliveryRetryResult, {});
}
