import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Check, Copy, Crown, KeyRound, Mail, Pencil, Send, UserMinus, UserPlus, X } from 'lucide-react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { roleName } from '@/components/team/roleName';
import { ApiError } from '@/lib/client/api';
import {
  changeMember,
  inviteMember,
  issuePasswordReset,
  listInvitations,
  removeMember,
  resendInvitation,
  revokeInvitation,
  teamRoster,
  transferOwnership,
} from '@/lib/client/api-team';
import {
  grantableRoles,
  managesWorkspace,
  mayChangeRole,
  mayManageMember,
  mayRemoveMember,
  mayTransferOwnership,
} from '@/lib/domain/roles';
import type { InvitationView, LinkIssued, MemberChanges, Role, RosterMember, Shop } from '@/lib/protocol';
import './team.css';
import { ConfirmBox } from './ConfirmBox';

type Errors = Record<string, string>;

const TEAM_REFRESH_MS = 15_000;

/** The server's refusal as messages by field (`body.email` → `email`), the rest under `form`. */
function errorsOf(error: unknown): Errors {
  if (error instanceof ApiError) {
    const field = error.field?.replace(/^body\./, '');
    return field ? { [field]: error.message.replace(/^body\.[\w.]+: /, '') } : { form: error.message };
  }
  return { form: error instanceof Error ? error.message : String(error) };
}

const uiLanguage = (): 'en' | 'it' => (i18n.t('app.htmlLang') === 'it' ? 'it' : 'en');
const dateOf = (iso: string) =>
  new Intl.DateTimeFormat(i18n.t('app.htmlLang'), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );

function FieldError({ errors, field }: { errors: Errors; field: string }) {
  if (!errors[field]) return null;
  return (
    <span className="error" role="alert" data-testid={`team-error-${field}`}>
      {errors[field]}
    </span>
  );
}

/**
 * The Team page (product §11): who is in the team, invitations by link, and for admins and the owner the
 * changes, reset links, removal and the hand-over. Managers see the list only.
 */
export function TeamPage() {
  const { api, session } = useSession();
  const me = session.member;
  const admin = managesWorkspace(me.role);
  // Looked at again every 15 s while the page is in sight, so an accepted invitation shows its new member.
  const roster = useQuery({
    queryKey: ['team-roster', api.baseUrl],
    queryFn: () => teamRoster(api),
    refetchInterval: TEAM_REFRESH_MS,
  });
  const invitations = useQuery({
    queryKey: ['team-invitations', api.baseUrl],
    queryFn: () => listInvitations(api),
    enabled: admin,
    refetchInterval: TEAM_REFRESH_MS,
  });
  const [issued, setIssued] = useState<(LinkIssued & { email: string; kind: 'invitation' | 'reset' }) | null>(
    null,
  );

  return (
    <div className="team-page">
      {admin && (
        <InviteForm
          shops={session.shops}
          role={me.role}
          onIssued={(link, email) => setIssued({ ...link, email, kind: 'invitation' })}
        />
      )}
      {issued && <IssuedLink issued={issued} onClose={() => setIssued(null)} />}
      {admin && (
        <PendingInvitations
          invitations={invitations.data ?? []}
          shops={session.shops}
          onIssued={(link, email) => setIssued({ ...link, email, kind: 'invitation' })}
        />
      )}
      <section aria-labelledby="team-members-title">
        <h3 id="team-members-title">{i18n.t('team.members.title')}</h3>
        {!admin && <p className="muted">{i18n.t('team.members.readOnly')}</p>}
        {roster.error && (
          <p className="error" role="alert">
            {roster.error.message}
          </p>
        )}
        <ul className="team-members" data-testid="team-members">
          {roster.data?.map((m) => (
            <MemberRow
              key={m.id}
              member={m}
              shops={session.shops}
              onIssued={(link) => setIssued({ ...link, email: m.email, kind: 'reset' })}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The link shown once, with Copy, and whether it was emailed. */
function IssuedLink({
  issued,
  onClose,
}: {
  issued: LinkIssued & { email: string; kind: 'invitation' | 'reset' };
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(issued.link);
    setCopied(true);
  };
  return (
    <div className="team-issued" role="status" data-testid="team-issued">
      <div className="team-issued-head">
        <strong>
          {issued.kind === 'invitation' ? i18n.t('team.issued.invitation') : i18n.t('team.issued.reset')}
        </strong>
        <button
          type="button"
          className="link-button icon-button"
          onClick={onClose}
          aria-label={i18n.t('team.close')}
        >
          <X size={16} aria-hidden />
        </button>
      </div>
      <p data-testid="team-issued-mail">
        {issued.emailed ? (
          <>
            <Mail size={14} aria-hidden className="inline-icon" />{' '}
            {i18n.t('team.issued.emailed', [issued.email])}
          </>
        ) : issued.emailError ? (
          <span className="error">{i18n.t('team.issued.emailFailed', [issued.emailError])}</span>
        ) : (
          i18n.t('team.issued.notEmailed', [issued.email])
        )}
      </p>
      <div className="team-link-row">
        <input
          readOnly
          value={issued.link}
          data-testid="team-issued-link"
          aria-label={i18n.t('team.issued.link')}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="secondary" onClick={() => void copy()} data-testid="team-copy-link">
          {copied ? (
            <Check size={14} aria-hidden className="inline-icon" />
          ) : (
            <Copy size={14} aria-hidden className="inline-icon" />
          )}{' '}
          {copied ? i18n.t('team.issued.copied') : i18n.t('team.issued.copy')}
        </button>
      </div>
      <p className="muted">{i18n.t('team.issued.once', [dateOf(issued.expiresAt)])}</p>
    </div>
  );
}

function ShopChoice({
  shops,
  chosen,
  onChange,
  name,
}: {
  shops: Shop[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  name: string;
}) {
  return (
    <fieldset className="team-shops">
      <legend>{i18n.t('team.fields.shops')}</legend>
      {shops.map((s) => (
        <label key={s.id} className="check">
          <input
            type="checkbox"
            name={name}
            value={s.id}
            checked={chosen.includes(s.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))
            }
          />
          {s.name}
        </label>
      ))}
    </fieldset>
  );
}

const limitValue = (text: string): number | null => (text.trim() === '' ? null : Number(text));

function InviteForm({
  shops,
  role,
  onIssued,
}: {
  shops: Shop[];
  role: Role;
  onIssued: (link: LinkIssued, email: string) => void;
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const roles = grantableRoles(role);
  const [email, setEmail] = useState('');
  const [newRole, setNewRole] = useState<Role>('agent');
  const [shopIds, setShopIds] = useState<string[]>(shops.length === 1 ? [shops[0]!.id] : []);
  const [capacity, setCapacity] = useState('10');
  const [limit, setLimit] = useState('');
  const [language, setLanguage] = useState<'en' | 'it'>(uiLanguage());
  const [errors, setErrors] = useState<Errors>({});
  const invite = useMutation({
    mutationFn: () =>
      inviteMember(api, {
        email: email.trim(),
        role: newRole as 'admin' | 'manager' | 'agent',
        shopIds,
        capacity: Number(capacity),
        capacityLimit: limitValue(limit),
        language,
      }),
    onSuccess: (result) => {
      onIssued(result, result.invitation.email);
      setEmail('');
      setErrors({});
      void queryClient.invalidateQueries({ queryKey: ['team-invitations'] });
    },
    onError: (error) => setErrors(errorsOf(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <section aria-labelledby="team-invite-title">
      <h3 id="team-invite-title">{i18n.t('team.invite.title')}</h3>
      <p className="muted">{i18n.t('team.invite.lead')}</p>
      <form className="team-form" onSubmit={submit} data-testid="team-invite-form" noValidate>
        <div className="team-field">
          <label>
            {i18n.t('team.fields.email')}
            <input
              name="email"
              type="email"
              required
              value={email}
              aria-invalid={errors.email ? true : undefined}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <FieldError errors={errors} field="email" />
        </div>
        <div className="team-form-row">
          <div className="team-field">
            <label>
              {i18n.t('team.fields.role')}
              <select name="role" value={newRole} onChange={(e) => setNewRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {roleName(r)}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errors} field="role" />
          </div>
          <label>
            {i18n.t('team.fields.language')}
            <select
              name="language"
              value={language}
              onChange={(e) => setLanguage(e.target.value as 'en' | 'it')}
            >
              <option value="en">English</option>
              <option value="it">Italiano</option>
            </select>
          </label>
        </div>
        <ShopChoice shops={shops} chosen={shopIds} onChange={setShopIds} name="shopIds" />
        <FieldError errors={errors} field="shopIds" />
        <CapacityFields
          capacity={capacity}
          limit={limit}
          errors={errors}
          onCapacity={setCapacity}
          onLimit={setLimit}
        />
        <p className="muted">{i18n.t('team.fields.limitHint')}</p>
        <FieldError errors={errors} field="form" />
        <button
          type="submit"
          className="primary"
          disabled={invite.isPending}
          data-testid="team-invite-submit"
        >
          <UserPlus size={14} aria-hidden className="inline-icon" /> {i18n.t('team.invite.submit')}
        </button>
      </form>
    </section>
  );
}

function PendingInvitations({
  invitations,
  shops,
  onIssued,
}: {
  invitations: InvitationView[];
  shops: Shop[];
  onIssued: (link: LinkIssued, email: string) => void;
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['team-invitations'] });
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'resend' | 'revoke' }) =>
      action === 'resend' ? resendInvitation(api, id) : (await revokeInvitation(api, id), null),
    onSuccess: (result) => {
      setError(null);
      if (result) onIssued(result, result.invitation.email);
      void refresh();
    },
    onError: (e) => setError(e.message),
  });
  if (invitations.length === 0) return null;
  const shopNames = (ids: string[]) =>
    ids
      .map((id) => shops.find((s) => s.id === id)?.name)
      .filter(Boolean)
      .join(', ');
  return (
    <section aria-labelledby="team-pending-title">
      <h3 id="team-pending-title">{i18n.t('team.pending.title')}</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="team-invitations" data-testid="team-invitations">
        {invitations.map((inv) => (
          <li key={inv.id} data-email={inv.email}>
            <div className="team-invitation-who">
              <strong>{inv.email}</strong>
              <span className="muted">
                {roleName(inv.role)} · {shopNames(inv.shopIds)}
              </span>
              <span className={inv.status === 'expired' ? 'error' : 'muted'}>
                {inv.status === 'expired'
                  ? i18n.t('team.pending.expired', [dateOf(inv.expiresAt)])
                  : i18n.t('team.pending.expires', [dateOf(inv.expiresAt)])}
              </span>
            </div>
            <div className="team-actions">
              <button
                type="button"
                className="secondary small"
                disabled={act.isPending}
                onClick={() => act.mutate({ id: inv.id, action: 'resend' })}
              >
                <Send size={13} aria-hidden className="inline-icon" /> {i18n.t('team.pending.resend')}
              </button>
              <button
                type="button"
                className="secondary small danger"
                disabled={act.isPending}
                data-testid="team-revoke"
                onClick={() => act.mutate({ id: inv.id, action: 'revoke' })}
              >
                <X size={13} aria-hidden className="inline-icon" /> {i18n.t('team.pending.revoke')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Avatar({ member }: { member: RosterMember }) {
  const { session } = useSession();
  if (member.avatarUrl) {
    const src = member.avatarUrl.startsWith('/') ? session.serverUrl + member.avatarUrl : member.avatarUrl;
    return <img className="team-avatar" src={src} alt="" />;
  }
  const initials = member.nickname
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span className="team-avatar" aria-hidden>
      {initials}
    </span>
  );
}

type Confirming = 'remove' | 'owner' | null;

function MemberRow({
  member,
  shops,
  onIssued,
}: {
  member: RosterMember;
  shops: Shop[];
  onIssued: (link: LinkIssued) => void;
}) {
  const { api, session } = useSession();
  const me = session.member;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['team-roster'] });
  const canEdit = mayManageMember(me, member);
  const canRemove = mayRemoveMember(me, member);
  const canHandOver = mayTransferOwnership(me, member);
  const shopNames = member.shopIds
    .map((id) => shops.find((s) => s.id === id)?.name)
    .filter(Boolean)
    .join(', ');

  const remove = useMutation({
    mutationFn: () => removeMember(api, member.id),
    onSuccess: () => void refresh(),
    onError: (e) => setError(e.message),
  });
  const reset = useMutation({
    mutationFn: () => issuePasswordReset(api, member.id),
    onSuccess: (link) => onIssued(link),
    onError: (e) => setError(e.message),
  });
  const handOver = useMutation({
    mutationFn: () => transferOwnership(api, member.id),
    onSuccess: () => {
      setConfirming(null);
      void refresh();
    },
    onError: (e) => setError(e.message),
  });

  let confirmation: ReactNode = null;
  if (confirming === 'remove') {
    confirmation = (
      <ConfirmBox
        className="team-confirm"
        label={i18n.t('team.remove.title', [member.nickname])}
        yes={i18n.t('team.remove.yes')}
        no={i18n.t('team.cancel')}
        danger
        busy={remove.isPending}
        onYes={() => remove.mutate()}
        onNo={() => setConfirming(null)}
      >
        <p>
          {member.load > 0
            ? i18n.t('team.remove.confirmChats', [member.nickname, member.load])
            : i18n.t('team.remove.confirm', [member.nickname])}
        </p>
      </ConfirmBox>
    );
  } else if (confirming === 'owner') {
    confirmation = (
      <ConfirmBox
        className="team-confirm"
        label={i18n.t('team.owner.title')}
        yes={i18n.t('team.owner.yes')}
        no={i18n.t('team.cancel')}
        danger
        busy={handOver.isPending}
        onYes={() => handOver.mutate()}
        onNo={() => setConfirming(null)}
      >
        <p>{i18n.t('team.owner.confirm', [member.nickname])}</p>
      </ConfirmBox>
    );
  }

  return (
    <li className="team-member" data-testid={`team-member-${member.id}`} data-email={member.email}>
      <div className="team-member-head">
        <Avatar member={member} />
        <div className="team-member-who">
          <strong>
            {member.nickname}
            {member.id === me.id && <span className="muted"> · {i18n.t('team.members.you')}</span>}
          </strong>
          <span className="muted team-email">{member.email}</span>
        </div>
        <span className={`team-role team-role-${member.role}`}>{roleName(member.role)}</span>
      </div>
      <div className="team-member-facts muted">
        <span>
          <span className={`presence-dot ${member.available ? 'on' : ''}`} aria-hidden />
          {member.available ? i18n.t('team.members.available') : i18n.t('team.members.away')}
        </span>
        <span>
          {member.capacityLimit === null
            ? i18n.t('team.members.load', [member.load, member.capacity])
            : i18n.t('team.members.loadLimit', [member.load, member.capacity, member.capacityLimit])}
        </span>
        {shopNames && <span>{shopNames}</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {editing ? (
        <MemberEditor
          member={member}
          shops={shops}
          onDone={() => {
            setEditing(false);
            void refresh();
          }}
        />
      ) : (
        (canEdit || canRemove || canHandOver) && (
          <div className="team-actions">
            {canEdit && (
              <button
                type="button"
                className="secondary small"
                onClick={() => setEditing(true)}
                data-testid="team-edit"
              >
                <Pencil size={13} aria-hidden className="inline-icon" /> {i18n.t('team.edit.open')}
              </button>
            )}
            {canRemove && (
              <button
                type="button"
                className="secondary small"
                disabled={reset.isPending}
                onClick={() => reset.mutate()}
                data-testid="team-reset"
              >
                <KeyRound size={13} aria-hidden className="inline-icon" /> {i18n.t('team.reset.open')}
              </button>
            )}
            {canHandOver && (
              <button
                type="button"
                className="secondary small"
                onClick={() => setConfirming('owner')}
                data-testid="team-owner"
              >
                <Crown size={13} aria-hidden className="inline-icon" /> {i18n.t('team.owner.open')}
              </button>
            )}
            {canRemove && (
              <button
                type="button"
                className="secondary small danger"
                onClick={() => setConfirming('remove')}
                data-testid="team-remove"
              >
                <UserMinus size={13} aria-hidden className="inline-icon" /> {i18n.t('team.remove.open')}
              </button>
            )}
          </div>
        )
      )}
      {confirmation}
    </li>
  );
}

function MemberEditor({
  member,
  shops,
  onDone,
}: {
  member: RosterMember;
  shops: Shop[];
  onDone: () => void;
}) {
  const { api, session } = useSession();
  const me = session.member;
  const roles = grantableRoles(me.role);
  const roleEditable = roles.some((r) => mayChangeRole(me, member, r));
  const [role, setRole] = useState<Role>(member.role);
  const [shopIds, setShopIds] = useState(member.shopIds);
  const [capacity, setCapacity] = useState(String(member.capacity));
  const [limit, setLimit] = useState(member.capacityLimit === null ? '' : String(member.capacityLimit));
  const [errors, setErrors] = useState<Errors>({});
  const save = useMutation({
    mutationFn: () => {
      const changes: MemberChanges = {
        shopIds,
        capacity: Number(capacity),
        capacityLimit: limitValue(limit),
        ...(roleEditable && role !== member.role && { role: role as 'admin' | 'manager' | 'agent' }),
      };
      return changeMember(api, member.id, changes);
    },
    onSuccess: onDone,
    onError: (error) => setErrors(errorsOf(error)),
  });
  return (
    <form
      className="team-form team-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="team-editor"
      noValidate
    >
      {roleEditable && (
        <div className="team-field">
          <label>
            {i18n.t('team.fields.role')}
            <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          </label>
          <FieldError errors={errors} field="role" />
        </div>
      )}
      <ShopChoice shops={shops} chosen={shopIds} onChange={setShopIds} name={`shops-${member.id}`} />
      <FieldError errors={errors} field="shopIds" />
      <CapacityFields
        capacity={capacity}
        limit={limit}
        errors={errors}
        onCapacity={setCapacity}
        onLimit={setLimit}
      />
      <FieldError errors={errors} field="form" />
      <div className="confirm-buttons">
        <button type="button" className="secondary" onClick={onDone}>
          {i18n.t('team.cancel')}
        </button>
        <button type="submit" className="primary" disabled={save.isPending} data-testid="team-save">
          {i18n.t('team.edit.save')}
        </button>
      </div>
    </form>
  );
}

/** A member's capacity and the limit on what they may set it to themselves, as the invite and edit forms ask. */
function CapacityFields({
  capacity,
  limit,
  errors,
  onCapacity,
  onLimit,
}: {
  capacity: string;
  limit: string;
  errors: Errors;
  onCapacity: (value: string) => void;
  onLimit: (value: string) => void;
}) {
  return (
    <div className="team-form-row">
      <div className="team-field">
        <label>
          {i18n.t('team.fields.capacity')}
          <input
            name="capacity"
            type="number"
            min={0}
            max={200}
            value={capacity}
            aria-invalid={errors.capacity ? true : undefined}
            onChange={(e) => onCapacity(e.target.value)}
          />
        </label>
        <FieldError errors={errors} field="capacity" />
      </div>
      <div className="team-field">
        <label>
          {i18n.t('team.fields.limit')}
          <input
            name="capacityLimit"
            type="number"
            min={0}
            max={200}
            placeholder={i18n.t('team.fields.noLimit')}
            value={limit}
            aria-invalid={errors.capacityLimit ? true : undefined}
            onChange={(e) => onLimit(e.target.value)}
          />
        </label>
        <FieldError errors={errors} field="capacityLimit" />
      </div>
    </div>
  );
}
