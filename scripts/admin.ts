// `npm run admin -- COMMAND`: what the person running a Sidedesk server does from its shell (product §11).
// It opens the same store as the server (DATA_DIR or DATABASE_URL); with the embedded store, stop the server first.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { passwordProblem } from '../lib/domain/password-policy';
import { hashPassword } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { createWorkspaceLink } from '../server/setup/links';
import { openStore, StoreInUseError, type Store } from '../server/store';
import { authSession, member, workspace } from '../server/store/schema';

const HELP = `Usage: npm run admin -- COMMAND [ARGUMENTS]

Commands:
  create-workspace        Print a one-time link that creates one more workspace on this server
                          (its name, owner and first shop are chosen on the page it opens).
  reset-password EMAIL    Give the member with this email a new generated password, print it once,
                          and sign them out everywhere. Once signed in with it, they choose their own
                          on the extension's options page: Account, Password.
  list-workspaces         List the workspaces on this server with their owners and sizes.
  --help, -h              Show this help.

The store is the server's: DATABASE_URL (PostgreSQL) when set, else the embedded one in DATA_DIR
(default ./data), which only one process may open at a time. Links use PUBLIC_URL.

Exit codes: 0 done, 1 it could not be done (nothing was changed), 2 the command was not understood.`;

class UsageError extends Error {}
class Refused extends Error {}

async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return HELP;
  if (!command) throw new UsageError('Name a command.');
  const expect = (n: number, usage: string) => {
    if (rest.length !== n) throw new UsageError(`Usage: npm run admin -- ${usage}`);
  };
  switch (command) {
    case 'create-workspace':
      expect(0, 'create-workspace');
      return withStore(async (store, publicUrl) => {
        const link = await createWorkspaceLink(store.db, publicUrl);
        return [
          'A one-time link for a new workspace (its name, owner and first shop are chosen there):',
          `  ${link.url}`,
          `  It works once, until ${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
        ].join('\n');
      });
    case 'reset-password': {
      expect(1, 'reset-password EMAIL');
      const email = z.email().safeParse(rest[0]);
      if (!email.success) throw new UsageError(`"${rest[0]}" is not an email address.`);
      return withStore((store) => resetPassword(store, email.data));
    }
    case 'list-workspaces':
      expect(0, 'list-workspaces');
      return withStore(listWorkspaces);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function withStore<T>(work: (store: Store, publicUrl: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    return await work(store, config.publicUrl);
  } finally {
    await store.close();
  }
}

/** A password that passes the policy: 18 characters of base64url, about 108 bits. */
function generatedPassword(account: { email: string; nickname: string }): string {
  for (;;) {
    const password = randomBytes(14).toString('base64url').slice(0, 18);
    if (!passwordProblem(password, account)) return password;
  }
}

async function resetPassword(store: Store, email: string): Promise<string> {
  const [found] = await store.db
    .select({ id: member.id, email: member.email, nickname: member.nickname, workspace: workspace.name })
    .from(member)
    .innerJoin(workspace, eq(workspace.id, member.workspaceId))
    .where(sql`lower(${member.email}) = ${email.toLowerCase()} and ${member.removedAt} is null`);
  if (!found) throw new Refused(`No member with the email ${email} on this server.`);
  const password = generatedPassword(found);
  const passwordHash = await hashPassword(password);
  const ended = await store.db.transaction(async (tx) => {
    await tx.update(member).set({ passwordHash }).where(eq(member.id, found.id));
    // Every session ends: whoever knew the old password is signed out.
    return tx
      .delete(authSession)
      .where(eq(authSession.memberId, found.id))
      .returning({ m: authSession.memberId });
  });
  return [
    `New password for ${found.nickname} <${found.email}> (workspace "${found.workspace}"):`,
    `  ${password}`,
    `It is shown only now. ${ended.length} session${ended.length === 1 ? '' : 's'} ended; they sign in again with it,`,
    "then choose their own on the extension's options page (Account, Password).",
  ].join('\n');
}

async function listWorkspaces(store: Store): Promise<string> {
  const rows = await store.db
    .select({
      id: workspace.id,
      name: workspace.name,
      createdAt: workspace.createdAt,
      members: count(member.id),
      owners: sql<string | null>`string_agg(${member.email}, ', ') filter (where ${member.role} = 'owner')`,
    })
    .from(workspace)
    .leftJoin(member, sql`${member.workspaceId} = ${workspace.id} and ${member.removedAt} is null`)
    .groupBy(workspace.id)
    .orderBy(asc(workspace.createdAt));
  if (rows.length === 0)
    return 'No workspaces yet. `npm run admin -- create-workspace` prints a link to create one.';
  return rows
    .map(
      (r) =>
        `${r.name}  (${r.id}, created ${r.createdAt.toISOString().slice(0, 10)})\n` +
        `  owner: ${r.owners ?? 'none'} · ${r.members} member${r.members === 1 ? '' : 's'}`,
    )
    .join('\n');
}

try {
  console.log(await main(process.argv.slice(2)));
  process.exit(0);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (error instanceof Refused || error instanceof StoreInUseError) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.error(`The command failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
