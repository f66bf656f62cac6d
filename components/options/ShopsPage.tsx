import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, ChevronLeft, ChevronRight, Plus, Store } from 'lucide-react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { createShop, listShops, setShopArchived, updateShop } from '@/lib/client/api-shops';
import type { ShopDetail } from '@/lib/protocol';
import { BasicsForm, marketplaceName } from './shops/BasicsForm';
import { ChannelSection } from './shops/ChannelSection';
import { refusalOf, Section, type Refusal } from './shops/form';
import {
  CategoriesSection,
  QueueSection,
  ReplyTimesSection,
  WorkingHoursSection,
} from './shops/SettingsSections';
import './shops/shops.css';

type Filter = 'exclude' | 'only' | 'include';
type View = { kind: 'list' } | { kind: 'new' } | { kind: 'shop'; id: string };

/**
 * The Shops page (owners and admins): the workspace's shops, archived ones on request; adding one; and per
 * shop its basics, working hours, reply times, queue, categories, webhook channel, and archiving.
 */
export function ShopsPage() {
  const { api, session } = useSession();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>('exclude');
  const [view, setView] = useState<View>({ kind: 'list' });
  const shops = useQuery({ queryKey: ['shops', filter], queryFn: () => listShops(api, filter) });
  const everyShop = useQuery({ queryKey: ['shops', 'include'], queryFn: () => listShops(api, 'include') });
  const team = useQuery({ queryKey: ['team'], queryFn: () => api.team() });
  const [opened, setOpened] = useState<ShopDetail | null>(null);

  const remember = (shop: ShopDetail) => {
    setOpened(shop);
    void queryClient.invalidateQueries({ queryKey: ['shops'] });
  };

  if (view.kind === 'new') {
    return (
      <div className="shops-page">
        <BackButton onClick={() => setView({ kind: 'list' })} />
        <h3 className="shop-title">{i18n.t('shops.add')}</h3>
        <p className="muted shop-intro">{i18n.t('shops.addIntro')}</p>
        <BasicsForm
          initial={{
            name: '',
            marketplace: 'tiktok_shop',
            country: browserCountry(),
            currency: 'EUR',
            timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
            memberIds: undefined,
          }}
          team={team.data}
          submitLabel={i18n.t('shops.create')}
          onSubmit={async (values) => {
            const created = await createShop(api, values);
            remember(created);
            setView({ kind: 'shop', id: created.id });
          }}
        />
      </div>
    );
  }

  if (view.kind === 'shop') {
    const shop =
      (opened?.id === view.id ? opened : null) ?? everyShop.data?.find((s) => s.id === view.id) ?? null;
    if (!shop) return <p className="muted">{i18n.t('shops.loading')}</p>;
    return (
      <ShopEditor
        key={shop.id}
        shop={shop}
        team={team.data}
        onBack={() => {
          setOpened(null);
          setView({ kind: 'list' });
        }}
        onSaved={remember}
      />
    );
  }

  return (
    <div className="shops-page">
      <p className="muted shop-intro">{i18n.t('shops.intro', [session.workspace.name])}</p>
      <div className="shops-toolbar">
        <label className="stacked">
          {i18n.t('shops.filter')}
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value as Filter)}
            data-testid="shops-filter"
          >
            <option value="exclude">{i18n.t('shops.filterActive')}</option>
            <option value="only">{i18n.t('shops.filterArchived')}</option>
            <option value="include">{i18n.t('shops.filterAll')}</option>
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="shops-add"
          onClick={() => setView({ kind: 'new' })}
        >
          <Plus size={14} aria-hidden /> {i18n.t('shops.add')}
        </button>
      </div>
      {shops.isError && (
        <p className="error" role="alert">
          {refusalOf(shops.error).message}
        </p>
      )}
      {shops.data?.length === 0 && (
        <p className="empty">{filter === 'only' ? i18n.t('shops.noneArchived') : i18n.t('shops.none')}</p>
      )}
      <ul className="shop-list" data-testid="shop-list">
        {shops.data?.map((shop) => (
          <li key={shop.id}>
            <button
              type="button"
              className="shop-row"
              data-testid="shop-row"
              onClick={() => {
                setOpened(shop);
                setView({ kind: 'shop', id: shop.id });
              }}
            >
              <Store size={18} aria-hidden />
              <span className="shop-row-text">
                <span className="shop-row-name">
                  {shop.name}
                  {shop.archivedAt && <span className="tag">{i18n.t('shops.archived')}</span>}
                </span>
                <span className="muted">
                  {marketplaceName(shop.marketplace)} · {shop.country} · {shop.currency} · {shop.timeZone}
                </span>
                {shop.webhook?.enabled && <span className="muted">{i18n.t('shops.webhookOn')}</span>}
              </span>
              <ChevronRight size={16} aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The browser's own country as a first guess for a new shop (Italy when the language names none). */
function browserCountry(): string {
  try {
    const region = new Intl.Locale(navigator.language).maximize().region;
    return region && /^[A-Z]{2}$/.test(region) ? region : 'IT';
  } catch {
    return 'IT';
  }
}

function BackButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="link-button back" onClick={onClick} data-testid="shops-back">
      <ChevronLeft size={14} aria-hidden /> {i18n.t('shops.back')}
    </button>
  );
}

function ShopEditor({
  shop,
  team,
  onBack,
  onSaved,
}: {
  shop: ShopDetail;
  team: Parameters<typeof BasicsForm>[0]['team'];
  onBack(): void;
  onSaved(shop: ShopDetail): void;
}) {
  const { api } = useSession();
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [archiveProblem, setArchiveProblem] = useState<Refusal | null>(null);
  const archive = async (archived: boolean) => {
    setArchiveProblem(null);
    try {
      onSaved(await setShopArchived(api, shop.id, archived));
      setConfirmArchive(false);
    } catch (error) {
      setArchiveProblem(refusalOf(error));
    }
  };
  const props = { api, shop, onSaved };
  return (
    <div className="shops-page">
      <BackButton onClick={onBack} />
      <h3 className="shop-title" data-testid="shop-title">
        {shop.name}
        {shop.archivedAt && <span className="tag">{i18n.t('shops.archived')}</span>}
      </h3>
      {shop.archivedAt && <p className="notice">{i18n.t('shops.archivedNote')}</p>}

      <Section
        title={i18n.t('shops.basics.title')}
        icon={<Store size={16} aria-hidden />}
        testId="shop-basics"
      >
        <BasicsForm
          initial={{
            name: shop.name,
            marketplace: shop.marketplace,
            country: shop.country,
            currency: shop.currency,
            timeZone: shop.timeZone,
            memberIds: shop.memberIds ?? undefined,
          }}
          team={team}
          onSubmit={async (values) => onSaved(await updateShop(api, shop.id, values))}
        />
      </Section>
      {/* Keyed by the time zone: the calendar counts in it and is shown in it. */}
      <WorkingHoursSection key={`hours-${shop.timeZone}`} {...props} />
      <ReplyTimesSection {...props} />
      <QueueSection {...props} />
      <CategoriesSection {...props} />
      {shop.webhook && <ChannelSection {...props} />}

      <Section
        title={shop.archivedAt ? i18n.t('shops.unarchiveTitle') : i18n.t('shops.archiveTitle')}
        icon={shop.archivedAt ? <ArchiveRestore size={16} aria-hidden /> : <Archive size={16} aria-hidden />}
        intro={shop.archivedAt ? i18n.t('shops.unarchiveIntro') : i18n.t('shops.archiveIntro')}
        testId="shop-archive"
      >
        {shop.archivedAt ? (
          <button type="button" className="secondary" onClick={() => void archive(false)}>
            <ArchiveRestore size={14} aria-hidden /> {i18n.t('shops.unarchive')}
          </button>
        ) : confirmArchive ? (
          <div className="confirm-box" role="alertdialog" aria-label={i18n.t('shops.confirm')}>
            <p>{i18n.t('shops.archiveConfirm', [shop.name])}</p>
            <div className="button-row">
              <button type="button" className="danger" onClick={() => void archive(true)}>
                {i18n.t('shops.archiveYes')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirmArchive(false)}>
                {i18n.t('shops.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="secondary danger-text" onClick={() => setConfirmArchive(true)}>
            <Archive size={14} aria-hidden /> {i18n.t('shops.archive')}
          </button>
        )}
        {archiveProblem && (
          <p className="error" role="alert">
            {archiveProblem.message}
          </p>
        )}
      </Section>
    </div>
  );
}
