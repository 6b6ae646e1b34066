// TEMPORARY profiling helper (draw helper, deleted before report). Seeds like bench/draw.ts, keeps the DB.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { execFileSync } from "node:child_process";
const name = process.argv[2] ?? "ggzy_prof_draw_helper";
const admin = "postgresql://postgres@127.0.0.1:5432/postgres";
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await c.query(`CREATE DATABASE "${name}"`);
await c.end();
const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
const db = new pg.Client({ connectionString: url });
await db.connect();
const EXPERTS = 100_000, ORGS = 200;
await db.query(`INSERT INTO "Specialty"(code,name,level) VALUES ('B','货物',1)`);
for (let i = 0; i < 60; i++) await db.query(`INSERT INTO "Specialty"(code,"parentCode",name,level) VALUES ($1,'B',$1,2)`, [`B${String(i).padStart(4, "0")}`]);
await db.query(`
      INSERT INTO "Expert" (id, code, name, "idNumberEnc", "idNumberMasked", "idNumberHmac", "employerOrgName", "employerCreditCode", title, "updatedAt")
      SELECT gen_random_uuid(), 'E-' || upper(lpad(to_hex(i), 7, '0')), '专家' || i, 'x', '110***********0000', md5(i::text) || md5('h' || i),
             '单位' || (i % ${ORGS}), 'BENCH' || lpad((i % ${ORGS})::text, 13, '0'), '高级工程师', now()
      FROM generate_series(1, ${EXPERTS}) i`);
await db.query(`
      INSERT INTO "ExpertSpecialty" ("expertId", "specialtyCode")
      SELECT id, 'B' || lpad((abs(hashtext(code)) % 60)::text, 4, '0') FROM "Expert"
      UNION SELECT id, 'B' || lpad((abs(hashtext(code || 'x')) % 60)::text, 4, '0') FROM "Expert" WHERE abs(hashtext(code)) % 3 = 0`);
await db.query("ANALYZE");
console.log(url, randomUUID());
await db.end();
