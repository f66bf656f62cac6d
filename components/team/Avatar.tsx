import { avatarSrc } from '@/lib/client/api-profile';
import './avatar.css';

/** A member's picture, or their initial on a colour of their own when they have none. */
export function Avatar({
  serverUrl,
  member,
  size = 24,
}: {
  serverUrl: string;
  member: { id: string; nickname: string; avatarUrl: string | null };
  size?: number;
}) {
  const src = avatarSrc(serverUrl, member.avatarUrl);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.45) };
  if (src)
    return <img className="member-avatar" src={src} alt="" style={style} data-testid="member-avatar" />;
  let hash = 0;
  for (const ch of member.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span
      className="member-avatar member-avatar-initial"
      aria-hidden="true"
      style={{ ...style, background: `hsl(${hash % 360} 45% 45%)` }}
    >
      {member.nickname.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
