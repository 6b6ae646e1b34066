import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
import { createDb, setDb, type Db } from "~/lib/db.server";
import { AUDIT_TABLES, applyGrants, ensureRoles } from "../../../scripts/db-roles";
import { useTestDb } from "../../support/db";
import { ADMIN_URL } from "../../support/global-setup";

/**
 * Issue 13 §8: the web and the worker connect as a role that owns nothing and may only INSERT and SELECT
 * the audit tables. Roles of this file only (roles are cluster-wide), granted by the same code `npm start`
 * and the browser tests use (scripts/db-roles.ts), then tried as an insider with a database console would.
 */
const { url } = await useTestDb();
const suffix = randomBytes(4).toString("hex");
const roles = { owner: `ggzy_t_owner_${suffix}`, app: `ggzy_t_app_${suffix}` };
const appUrl = Object.assign(new URL(url), { username: roles.app }).toString();
let app: pg.Client;
let appDb: Db;

beforeAll(async () => {
  await ensureRoles(ADMIN_URL, roles);
  await applyGrants(url, roles, { transferOwnership: true });
  app = new pg.Client({ connectionString: appUrl });
  await app.connect();
  appDb = createDb(appUrl, 2);
});

afterAll(async () => {
  await app?.end();
  await appDb?.$disconnect();
  setDb(undefined);
  const a = new pg.Client({ connectionString: url });
  await a.connect();
  // Objects go back to postgres so the roles can be dropped (the database itself is dropped by useTestDb).
  const db = (await a.query("SELECT current_database() AS d")).rows[0].d as string;
  await a.query(`ALTER DATABASE "${db}" OWNER TO postgres`);
  await a.query(`REASSIGN OWNED BY "${roles.owner}" TO postgres`);
  await a.query(`DROP OWNED BY "${roles.owner}", "${roles.app}"`);
  await a.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS "${roles.app}"`).catch(() => {});
  await admin.query(`DROP ROLE IF EXISTS "${roles.owner}"`).catch(() => {});
  await admin.end();
});

const refused = async (sql: string) => {
  await app.query("BEGIN");
  try {
    await app.query(sql);
    return "accepted";
  } catch (e) {
    return (e as { code?: string }).code ?? "error";
  } finally {
    await app.query("ROLLBACK");
  }
};

describe("the app's database role (issue 13 §8)", () => {
  it("is no superuser and owns nothing: not the database, not a table, not a function", async () => {
    const r = await app.query(`SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(r.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const owned = await app.query(`
      SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
           + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) AS n
        FROM pg_roles r WHERE rolname = current_user`);
    expect(Number(owned.rows[0].n)).toBe(0);
    const tables = await app.query(`SELECT count(*) AS n FROM pg_tables t JOIN pg_roles r ON r.rolname = t.tableowner WHERE schemaname = 'public' AND r.rolname = $1`, [roles.owner]);
    expect(Number(tables.rows[0].n)).toBeGreaterThan(20); // migrations' owner holds them
  });

  it("cannot switch the audit triggers off: SET LOCAL session_replication_role = replica is refused", async () => {
    expect(await refused("SET LOCAL session_replication_role = replica")).toBe("42501");
    expect(await refused(`ALTER TABLE "AuditEntry" DISABLE TRIGGER ALL`)).toBe("42501");
    expect(await refused(`DROP TRIGGER audit_entry_guard ON "AuditEntry"`)).toBe("42501");
  });

  it("may not UPDATE, DELETE or TRUNCATE any audit table (refused by privilege, before the triggers)", async () => {
    for (const t of AUDIT_TABLES) {
      const col = (await app.query(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 LIMIT 1`, [t])).rows[0].c as string;
      expect(await refused(`UPDATE "${t}" SET "${col}" = "${col}" WHERE false`), `UPDATE ${t}`).toBe("42501");
      expect(await refused(`DELETE FROM "${t}" WHERE false`), `DELETE ${t}`).toBe("42501");
      expect(await refused(`TRUNCATE "${t}"`), `TRUNCATE ${t}`).toBe("42501");
    }
  });

  it("cannot create or alter schema objects (that is the migrations' owner's job)", async () => {
    expect(await refused(`CREATE TABLE evil (x int)`)).toBe("42501");
    expect(await refused(`ALTER TABLE "Lot" ADD COLUMN evil int`)).toBe("42501");
    expect(await refused(`CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`)).toBe("42501");
  });

  it("does its job: appends to the audit chain (INSERT + SELECT) through the domain, and the chain verifies", async () => {
    setDb(appDb);
    await appDb.$transaction((tx) => appendAudit(tx, systemActor("db-roles-test"), { action: "test.as_app_role", entityType: "Test", entityId: "1" }));
    const n = await app.query(`SELECT count(*) AS n FROM "AuditEntry" WHERE action = 'test.as_app_role'`);
    expect(Number(n.rows[0].n)).toBe(1);
    const v = await verifyAuditChain(appDb);
    expect(v).toMatchObject({ ok: true });
  });
});
