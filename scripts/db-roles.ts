/**
 * Least-privilege database roles (issue 13 §8, docs/security.md):
 *   - the OWNER role owns the database and every object in it; migrations run as it (never the app);
 *   - the APP role (web + worker) owns nothing, is no superuser (so it cannot set session_replication_role
 *     or disable the audit triggers), may read and write the trade tables, and may only SELECT and INSERT
 *     the audit tables (no UPDATE, DELETE or TRUNCATE: refused by privilege, and by the triggers behind it).
 *
 *   npx tsx scripts/db-roles.ts            roles from MIGRATE_DATABASE_URL / DATABASE_URL, admin from ADMIN_DATABASE_URL
 *   npx tsx scripts/db-roles.ts --grants   only the grants (run after every migration: new tables)
 *   npx tsx scripts/db-roles.ts --roles-only   only create the roles (before the database exists)
 *
 * Idempotent; run by scripts/setup.sh (`npm start`) and the test setups. Needs a superuser (or CREATEROLE)
 * admin connection only for creating the roles and handing the objects to the owner.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";

/** Append-only tables: the audit chain, its seals and checkpoints, the opening hall's event stream. */
export const AUDIT_TABLES = ["AuditEntry", "AuditSeal", "AuditCheckpoint", "OpeningEvent"] as const;

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) throw new Error(`unsafe role name: ${s}`);
  return `"${s}"`;
};

export interface DbRoles {
  owner: string;
  app: string;
}

/** Creates both roles (LOGIN, nothing else) if missing; serialised across processes (roles are cluster-wide). */
export async function ensureRoles(adminUrl: string, roles: DbRoles): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query("SELECT pg_advisory_lock(4242013)");
    for (const r of [roles.owner, roles.app]) {
      const exists = await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [r]);
      if (exists.rowCount === 0) await c.query(`CREATE ROLE ${ident(r)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    }
    await c.query("SELECT pg_advisory_unlock(4242013)");
  } finally {
    await c.end();
  }
}

/**
 * On database `dbUrl` (connected as a superuser or the owner): hands every object of schema public to the
 * owner (a database migrated as `postgres` before this existed), then grants the app role what it needs.
 */
export async function applyGrants(dbUrl: string, roles: DbRoles, opts: { transferOwnership?: boolean } = {}): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const owner = ident(roles.owner);
  const app = ident(roles.app);
  try {
    await c.query("BEGIN");
    const db = (await c.query<{ d: string }>("SELECT current_database() AS d")).rows[0]!.d;
    if (opts.transferOwnership) {
      await c.query(`ALTER DATABASE "${db}" OWNER TO ${owner}`);
      await c.query(`ALTER SCHEMA public OWNER TO ${owner}`);
      const objects = await c.query<{ kind: string; name: string }>(`
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
               format('%I.%I', n.nspname, c.relname) AS name
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        UNION ALL
        SELECT 'FUNCTION', format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'TYPE', format('%I.%I', n.nspname, t.typname)
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = 'public' AND t.typtype = 'e'`);
      for (const o of objects.rows) await c.query(`ALTER ${o.kind} ${o.name} OWNER TO ${owner}`);
    }
    await c.query(`REVOKE ALL ON DATABASE "${db}" FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${db}" TO ${app}`);
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await c.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    const exists = async (t: string) => (await c.query("SELECT to_regclass($1) AS r", [`public."${t}"`])).rows[0].r !== null;
    // The app reads which migrations ran (setup's quick check), never writes them.
    if (await exists("_prisma_migrations")) {
      await c.query(`REVOKE ALL ON TABLE "_prisma_migrations" FROM ${app}`);
      await c.query(`GRANT SELECT ON TABLE "_prisma_migrations" TO ${app}`);
    }
    for (const t of AUDIT_TABLES) {
      if (!(await exists(t))) continue;
      await c.query(`REVOKE ALL ON TABLE "${t}" FROM ${app}`);
      await c.query(`GRANT SELECT, INSERT ON TABLE "${t}" TO ${app}`);
    }
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await c.end();
  }
}

/** The role name of a connection URL (its user). */
export const roleOf = (url: string) => decodeURIComponent(new URL(url).username);

async function main() {
  const appUrl = process.env.DATABASE_URL ?? "postgresql://ggzy_app@127.0.0.1:5432/ggzy";
  const ownerUrl = process.env.MIGRATE_DATABASE_URL ?? "postgresql://ggzy_owner@127.0.0.1:5432/ggzy";
  const adminBase = process.env.ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const roles = { owner: roleOf(ownerUrl), app: roleOf(appUrl) };
  // The same database, reached as the admin (grants and ownership need a superuser the first time).
  const onDb = new URL(adminBase);
  onDb.pathname = new URL(appUrl).pathname;
  if (!process.argv.includes("--grants")) await ensureRoles(adminBase, roles);
  if (process.argv.includes("--roles-only")) return;
  await applyGrants(onDb.toString(), roles, { transferOwnership: !process.argv.includes("--grants") });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    console.error(`[db-roles] ${(e as Error).message}`);
    process.exit(1);
  });
}
