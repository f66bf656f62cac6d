import { useState, type FormEvent } from 'react';
import { AlertTriangle, KeyRound, Power, RotateCw, Webhook } from 'lucide-react';
import { i18n } from '#i18n';
import type { ApiClient } from '@/lib/client/api';
import { rotateWebhookSecret, saveDeliveryUrl, turnWebhookOff, turnWebhookOn } from '@/lib/client/api-shops';
import { WEBHOOK_OVERLAP_HOURS } from '@/lib/domain/shops';
import type { ShopDetail, WebhookChannelState } from '@/lib/protocol';
import {
  CopyButton,
  errorFor,
  FieldError,
  refusalOf,
  SaveRow,
  Section,
  SectionError,
  useSave,
  type Refusal,
} from './form';

const overlapName = (hours: number) =>
  hours < 48
    ? i18n.t('shops.channel.overlapHours', [hours])
    : i18n.t('shops.channel.overlapDays', [hours / 24]);

function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(i18n.t('app.htmlLang'), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * The signed webhook: on and off, its secret shown once with a warning, rotation with an overlap during which
 * the old secret still works, the inbound URL to give the integrator and the delivery URL for outbound
 * messages.
 */
export function ChannelSection({
  api,
  shop,
  onSaved,
}: {
  api: ApiClient;
  shop: ShopDetail;
  onSaved(shop: ShopDetail): void;
}) {
  const webhook = shop.webhook!;
  const [secret, setSecret] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<number>(24);
  const [confirming, setConfirming] = useState<'rotate' | 'off' | null>(null);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<Refusal | null>(null);
  const [deliveryUrl, setDeliveryUrl] = useState(webhook.deliveryUrl ?? '');
  const delivery = useSave();

  const apply = (next: WebhookChannelState) => onSaved({ ...shop, webhook: next });
  const act = async (work: () => Promise<void>) => {
    setWorking(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(refusalOf(error));
    } finally {
      setWorking(false);
      setConfirming(null);
    }
  };
  const turnOn = () =>
    act(async () => {
      const answer = await turnWebhookOn(api, shop.id);
      setSecret(answer.secret);
      apply(answer.webhook);
    });
  const rotate = () =>
    act(async () => {
      const answer = await rotateWebhookSecret(api, shop.id, overlap);
      setSecret(answer.secret);
      apply(answer.webhook);
    });
  const turnOff = () =>
    act(async () => {
      setSecret(null);
      apply(await turnWebhookOff(api, shop.id));
    });
  const saveUrl = (e: FormEvent) => {
    e.preventDefault();
    void delivery.run(async () => apply(await saveDeliveryUrl(api, shop.id, deliveryUrl.trim() || null)));
  };
  const urlError = errorFor(delivery.refusal, 'body.deliveryUrl');

  return (
    <Section
      title={i18n.t('shops.channel.title')}
      icon={<Webhook size={16} aria-hidden />}
      intro={i18n.t('shops.channel.intro')}
      testId="shop-channel"
    >
      <p className="channel-state" data-testid="webhook-state">
        <span className={webhook.enabled ? 'badge-on' : 'badge-off'}>
          {webhook.enabled ? i18n.t('shops.channel.on') : i18n.t('shops.channel.off')}
        </span>
        {webhook.previousSecretUntil && (
          <span className="muted">
            {' '}
            {i18n.t('shops.channel.overlapRunning', [dateTime(webhook.previousSecretUntil)])}
          </span>
        )}
      </p>

      {secret && (
        <div className="secret-once" role="alert" data-testid="webhook-secret-panel">
          <p>
            <AlertTriangle size={16} aria-hidden /> <strong>{i18n.t('shops.channel.secretOnce')}</strong>
          </p>
          <code data-testid="webhook-secret">{secret}</code>
          <div className="button-row">
            <CopyButton text={secret} label={i18n.t('shops.channel.copySecret')} />
            <button type="button" className="secondary small" onClick={() => setSecret(null)}>
              {i18n.t('shops.channel.secretSaved')}
            </button>
          </div>
        </div>
      )}

      <div className="channel-field">
        <span className="field-label">{i18n.t('shops.channel.inboundUrl')}</span>
        <code className="url" data-testid="webhook-inbound-url">
          {webhook.inboundUrl}
        </code>
        <CopyButton text={webhook.inboundUrl} label={i18n.t('shops.channel.copyInbound')} />
      </div>

      {!webhook.enabled ? (
        <button type="button" className="primary" disabled={working} onClick={() => void turnOn()}>
          <Power size={14} aria-hidden /> {i18n.t('shops.channel.turnOn')}
        </button>
      ) : (
        <div className="channel-actions">
          <div className="inline-form">
            <label className="stacked">
              {i18n.t('shops.channel.overlap')}
              <select value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
                {WEBHOOK_OVERLAP_HOURS.map((hours) => (
                  <option key={hours} value={hours}>
                    {overlapName(hours)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="secondary"
              disabled={working}
              onClick={() => setConfirming('rotate')}
            >
              <RotateCw size={14} aria-hidden /> {i18n.t('shops.channel.rotate')}
            </button>
          </div>
          <button
            type="button"
            className="secondary danger-text"
            disabled={working}
            onClick={() => setConfirming('off')}
          >
            <Power size={14} aria-hidden /> {i18n.t('shops.channel.turnOff')}
          </button>
        </div>
      )}

      {confirming && (
        <div className="confirm-box" role="alertdialog" aria-label={i18n.t('shops.confirm')}>
          <p>
            {confirming === 'rotate'
              ? i18n.t('shops.channel.rotateConfirm', [overlapName(overlap)])
              : i18n.t('shops.channel.offConfirm')}
          </p>
          <div className="button-row">
            <button
              type="button"
              className={confirming === 'off' ? 'danger' : 'primary'}
              disabled={working}
              onClick={() => void (confirming === 'rotate' ? rotate() : turnOff())}
            >
              {confirming === 'rotate' ? (
                <>
                  <KeyRound size={14} aria-hidden /> {i18n.t('shops.channel.rotateYes')}
                </>
              ) : (
                i18n.t('shops.channel.offYes')
              )}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              {i18n.t('shops.cancel')}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem.message}
        </p>
      )}

      <form onSubmit={saveUrl} noValidate className="delivery-form">
        <label className="stacked">
          {i18n.t('shops.channel.deliveryUrl')}
          <input
            type="url"
            inputMode="url"
            placeholder="https://integration.example.com/sidedesk"
            value={deliveryUrl}
            aria-invalid={Boolean(urlError) || undefined}
            aria-describedby={urlError ? 'shop-delivery-error' : 'shop-delivery-help'}
            onChange={(e) => setDeliveryUrl(e.target.value)}
          />
        </label>
        <p className="muted shop-intro" id="shop-delivery-help">
          {i18n.t('shops.channel.deliveryHelp')}
        </p>
        <FieldError id="shop-delivery-error" message={urlError} />
        <SectionError refusal={delivery.refusal} fields={['body.deliveryUrl']} />
        <SaveRow busy={delivery.busy} saved={delivery.saved} />
      </form>
    </Section>
  );
}
