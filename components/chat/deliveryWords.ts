import { i18n } from '#i18n';
import type { DeliveryProblem } from '@/lib/protocol';

/** Why a message has not reached the shop's integration, in the reader's language. */
export function deliveryProblemWords(problem: DeliveryProblem | null): string {
  if (!problem) return i18n.t('delivery.problem.unknown');
  switch (problem.code) {
    case 'no_delivery_url':
      return i18n.t('delivery.problem.no_delivery_url');
    case 'no_secret':
      return i18n.t('delivery.problem.no_secret');
    case 'refused_address':
      return i18n.t('delivery.problem.refused_address', [problem.detail ?? '']);
    case 'http_status':
      return problem.detail
        ? i18n.t('delivery.problem.http_status', [String(problem.status ?? '?'), problem.detail])
        : i18n.t('delivery.problem.http_status_bare', [String(problem.status ?? '?')]);
    case 'timeout':
      return i18n.t('delivery.problem.timeout');
    case 'network':
      return i18n.t('delivery.problem.network', [problem.detail ?? '']);
  }
}

/** The same as a sentence of its own (a list's line), starting with a capital. */
export function deliveryProblemSentence(problem: DeliveryProblem | null): string {
  const words = deliveryProblemWords(problem);
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}
