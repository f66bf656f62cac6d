import { blockedList, blockResult, type BlockedCustomer, type BlockResult } from '../protocol';
import type { ApiClient } from './api';

/** Blocked customers (product §11): block and unblock from the chat, and the list on the options page. */

const customerPath = (customerId: string, action: 'block' | 'unblock') =>
  `/api/customers/${encodeURIComponent(customerId)}/${action}`;

export function blockCustomer(
  api: ApiClient,
  customerId: string,
  reason: string | null,
): Promise<BlockResult> {
  return api.request('POST', customerPath(customerId, 'block'), blockResult, { reason });
}

export function unblockCustomer(api: ApiClient, customerId: string): Promise<BlockResult> {
  return api.request('POST', customerPath(customerId, 'unblock'), blockResult, {});
}

export async function listBlockedCustomers(api: ApiClient): Promise<BlockedCustomer[]> {
  return (await api.request('GET', '/api/customers/blocked', blockedList)).customers;
}
