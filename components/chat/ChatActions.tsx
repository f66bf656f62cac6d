import {
  AlarmClockOff,
  ArchiveRestore,
  ArrowRightLeft,
  Ban,
  CircleCheckBig,
  Clock,
  EllipsisVertical,
  Tags,
  Trash2,
  UserCheck,
  UserPlus,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { mayMoveConversation } from '@/lib/domain/assignment';
import { seesAllConversations } from '@/lib/domain/visibility';
import type { Conversation } from '@/lib/protocol';
import { blockCustomer, unblockCustomer } from '@/lib/client/api-blocked';
import { roleAtLeast } from '@/lib/domain/roles';
import { AssignDialog } from './AssignDialog';
import { BlockConfirmation } from './BlockCustomer';
import { END_SESSION_ASKED } from './endSessionAsked';

/** When a snooze choice ends, in the member's own time zone. */
function snoozeUntil(choice: string): Date | null {
  const now = new Date();
  if (choice === '1h') return new Date(now.getTime() + 3_600_000);
  if (choice === '4h') return new Date(now.getTime() + 4 * 3_600_000);
  if (choice === 'tomorrow') {
    const tomorrow = new Date(now);
    tomorrow.setDate(now.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    return tomorrow;
  }
  return null;
}

/** The actions that cannot be taken back in a click, each asked once more before it is done. */
type Asked = 'end' | 'trash' | 'deleteForGood' | 'block';

/** A square button with an icon; its name (for screen readers and as a tooltip) is the action's. */
function IconButton({
  icon: Icon,
  label,
  testId,
  danger,
  onClick,
}: {
  icon: LucideIcon;
  label: string;
  testId?: string;
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`header-icon${danger ? ' danger' : ''}`}
      data-testid={testId}
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <Icon size={18} aria-hidden="true" />
    </button>
  );
}

interface MenuItem {
  key: string;
  icon: LucideIcon;
  label: string;
  testId?: string;
  danger?: boolean;
  checked?: boolean;
  run: () => void;
}

/** "More actions": a menu button (the ARIA menu pattern) for what is done less often than reply and end. */
function MoreMenu({ items }: { items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role^="menuitem"]')?.focus();
    // A click anywhere else closes it, as a menu does.
    const onPointerDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !trigger.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => entries[(to + entries.length) % entries.length]?.focus();
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(entries.length - 1);
    else if (e.key === 'Tab') setOpen(false);
    else return;
    // Esc closes the menu, not the chat behind it; the arrows do not scroll the page.
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };
  if (items.length === 0) return null;
  return (
    <div className="chat-more">
      <button
        ref={trigger}
        type="button"
        className="header-icon"
        data-testid="chat-more"
        aria-label={i18n.t('panelLayout.more')}
        title={i18n.t('panelLayout.more')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <EllipsisVertical size={18} aria-hidden="true" />
      </button>
      {open && (
        <div
          ref={menu}
          className="chat-menu"
          role="menu"
          aria-label={i18n.t('panelLayout.more')}
          onKeyDown={onKeyDown}
        >
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              tabIndex={-1}
              className={item.danger ? 'danger' : undefined}
              data-testid={item.testId}
              onClick={() => {
                setOpen(false);
                item.run();
              }}
            >
              <item.icon size={16} aria-hidden="true" />
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** "End the session with Ana?" under the header: the action once more, or Cancel (Esc). */
function Confirmation({
  text,
  action,
  danger,
  onConfirm,
  onCancel,
}: {
  text: string;
  action: string;
  danger: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div
      className="confirm-bar"
      role="alertdialog"
      aria-label={action}
      aria-describedby="confirm-bar-text"
      data-testid="confirm-bar"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Esc cancels the question, and leaves the chat open.
        e.stopPropagation();
        onCancel();
      }}
    >
      <p id="confirm-bar-text">{text}</p>
      <div className="confirm-buttons">
        <button type="button" className="secondary" data-testid="confirm-no" onClick={onCancel}>
          {i18n.t('panelLayout.cancel')}
        </button>
        <button
          ref={yes}
          type="button"
          className={danger ? 'primary danger-fill' : 'primary'}
          data-testid="confirm-yes"
          onClick={onConfirm}
        >
          {action}
        </button>
      </div>
    </div>
  );
}

/**
 * What the member may do with this chat: take it, hand it on, end it, snooze it, put it in the trash and
 * back, and show its category and tags. The header shows the frequent ones as icons; the rest sit in
 * "More actions".
 */
export function ChatActions({
  conversation,
  onGone,
  detailsShown,
  onToggleDetails,
}: {
  conversation: Conversation;
  onGone: () => void;
  detailsShown: boolean;
  onToggleDetails: () => void;
}) {
  const { api, session } = useSession();
  const [dialog, setDialog] = useState<'assign' | 'transfer' | null>(null);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = session.member;
  const mayMove = mayMoveConversation(me, conversation);
  const trashed = conversation.trashedAt !== null;
  const ongoing = !trashed && conversation.status !== 'closed';
  // A blocked customer's chat is nobody's and sends nothing: no taking it, handing it on or ending it.
  const blocked = conversation.customerBlocked === true;

  // The `e` key asks here, so a stray key press never ends a session without a second step.
  useEffect(() => {
    if (!mayMove || !ongoing || blocked) return;
    const onAsked = () => setAsked('end');
    window.addEventListener(END_SESSION_ASKED, onAsked);
    return () => window.removeEventListener(END_SESSION_ASKED, onAsked);
  }, [mayMove, ongoing, blocked]);

  const run = (work: Promise<void>, after?: () => void) =>
    work.then(
      () => {
        setError(null);
        after?.();
      },
      (e: Error) => setError(e.message),
    );

  const buttons: ReactNode[] = [];
  const items: MenuItem[] = [];
  if (mayMove && trashed) {
    buttons.push(
      <IconButton
        key="restore"
        icon={ArchiveRestore}
        label={i18n.t('chat.actions.restore')}
        testId="restore"
        onClick={() => void run(api.restore(conversation.id))}
      />,
    );
    if (seesAllConversations(me.role))
      items.push({
        key: 'delete',
        icon: Trash2,
        label: i18n.t('chat.actions.deleteForGood'),
        testId: 'delete-for-good',
        danger: true,
        run: () => setAsked('deleteForGood'),
      });
  }
  if (mayMove && ongoing && !blocked) {
    if (conversation.assigneeId === null) {
      buttons.push(
        <IconButton
          key="assign-to-me"
          icon={UserPlus}
          label={i18n.t('chat.actions.assignToMe')}
          testId="chat-assign-to-me"
          onClick={() => void run(api.assign(conversation.id, { assigneeId: me.id }))}
        />,
      );
      items.push({
        key: 'assign-to',
        icon: Users,
        label: i18n.t('chat.actions.assignTo'),
        testId: 'chat-assign-to',
        run: () => setDialog('assign'),
      });
    } else {
      buttons.push(
        <IconButton
          key="transfer"
          icon={ArrowRightLeft}
          label={i18n.t('chat.actions.transfer')}
          testId="transfer"
          onClick={() => setDialog('transfer')}
        />,
      );
    }
    buttons.push(
      <IconButton
        key="end"
        icon={CircleCheckBig}
        label={i18n.t('chat.actions.endSession')}
        testId="end-session"
        onClick={() => setAsked('end')}
      />,
    );
  }
  if (mayMove && ongoing) {
    if (conversation.status === 'open')
      for (const choice of ['1h', '4h', 'tomorrow'] as const)
        items.push({
          key: `snooze-${choice}`,
          icon: Clock,
          label: `${i18n.t('chat.actions.snooze')} ${
            choice === 'tomorrow'
              ? i18n.t('chat.actions.snoozeUntilTomorrow')
              : i18n.t('chat.actions.snoozeForHours', choice === '1h' ? 1 : 4)
          }`,
          testId: `snooze-${choice}`,
          run: () => {
            const until = snoozeUntil(choice);
            if (until) void run(api.snooze(conversation.id, until));
          },
        });
    if (conversation.status === 'snoozed')
      items.push({
        key: 'unsnooze',
        icon: AlarmClockOff,
        label: i18n.t('chat.actions.unsnooze'),
        testId: 'unsnooze',
        run: () => void run(api.unsnooze(conversation.id)),
      });
  }
  items.unshift({
    key: 'details',
    icon: Tags,
    label: i18n.t('panelLayout.details'),
    testId: 'chat-details-toggle',
    checked: detailsShown,
    run: onToggleDetails,
  });
  if (roleAtLeast(me.role, 'manager'))
    items.push(
      blocked
        ? {
            key: 'unblock',
            icon: UserCheck,
            label: i18n.t('blocked.unblock'),
            testId: 'chat-unblock',
            run: () => void run(unblockCustomer(api, conversation.customerId).then(() => undefined)),
          }
        : {
            key: 'block',
            icon: Ban,
            label: i18n.t('blocked.block'),
            testId: 'chat-block',
            danger: true,
            run: () => setAsked('block'),
          },
    );
  if (mayMove && !trashed)
    items.push({
      key: 'trash',
      icon: Trash2,
      label: i18n.t('chat.actions.trash'),
      testId: 'trash',
      danger: true,
      run: () => setAsked('trash'),
    });

  const name = conversation.customerName;
  const confirmation =
    asked === 'end'
      ? {
          text: i18n.t('panelLayout.confirmEnd', [name]),
          action: i18n.t('chat.actions.endSession'),
          danger: false,
          work: () => run(api.endSession(conversation.id)),
        }
      : asked === 'trash'
        ? {
            text: i18n.t('panelLayout.confirmTrash', [name]),
            action: i18n.t('chat.actions.trash'),
            danger: true,
            work: () => run(api.trash(conversation.id), onGone),
          }
        : asked === 'deleteForGood'
          ? {
              text: i18n.t('chat.actions.confirmDeleteForGood'),
              action: i18n.t('chat.actions.deleteForGood'),
              danger: true,
              work: () => run(api.deleteForGood(conversation.id), onGone),
            }
          : null;

  return (
    <>
      <div className="chat-actions">
        {buttons}
        <MoreMenu items={items} />
      </div>
      {asked === 'block' && (
        <BlockConfirmation
          customerName={name}
          onCancel={() => setAsked(null)}
          onConfirm={(reason) => {
            setAsked(null);
            void run(blockCustomer(api, conversation.customerId, reason).then(() => undefined));
          }}
        />
      )}
      {confirmation && (
        <Confirmation
          key={asked}
          text={confirmation.text}
          action={confirmation.action}
          danger={confirmation.danger}
          onCancel={() => setAsked(null)}
          onConfirm={() => {
            setAsked(null);
            void confirmation.work();
          }}
        />
      )}
      {error && (
        <p className="error chat-action-error" role="alert">
          {error}
        </p>
      )}
      {dialog && <AssignDialog conversation={conversation} mode={dialog} onClose={() => setDialog(null)} />}
    </>
  );
}
