// TEMPORARY profiling helper (draw helper, deleted before report).
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "~/domain/actor";
import { setDb } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { pgConfigFromUrl } from "~/lib/pg-config";

const url = "postgresql://postgres@127.0.0.1:5432/ggzy_prof_draw_helper";
process.env.DATABASE_URL = url;
resetEnvCache();
const db = new PrismaClient({ adapter: new PrismaPg(pgConfigFromUrl(url, { max: 10 })), log: [{ emit: "event", level: "query" }] });
const log: { q: string; ms: number }[] = [];
let on = false;
db.$on("query", (e) => { if (on) log.push({ q: e.query.replace(/\s+/g, " ").slice(0, 110), ms: e.duration }); });
setDb(db);
const { requestDraw } = await import("~/domain/draw/request-draw");
const { addDrawEntropy } = await import("~/domain/draw/add-draw-entropy");
const cc = (i: number) => `BENCH${String(i).padStart(13, "0")}`;
const n = Number(process.argv[2] ?? 40);
let centre = await db.organisation.findFirst({ where: { kind: "CENTRE" } });
const orgIds: string[] = [];
if (!centre) {
  for (let i = 0; i < 50; i++) orgIds.push(randomUUID());
  await db.organisation.createMany({ data: orgIds.map((id, i) => ({ id, kind: i < 48 ? "BIDDER" : i === 48 ? "BUYER" : "AGENT", name: `单位${i}`, creditCode: cc(i) })) });
  centre = await db.organisation.create({ data: { kind: "CENTRE", name: "交易中心", creditCode: "BENCHCENTRE0000000" } });
  await db.drawSetting.create({ data: { id: 1, sameBuyerDays: 0, responseMinutes: 60 } });
} else orgIds.push(...(await db.organisation.findMany({ where: { creditCode: { startsWith: "BENCH0" } }, orderBy: { creditCode: "asc" } })).map((o) => o.id));
const mk = (role: "STAFF" | "SUPERVISOR") => db.user.create({ data: { orgId: centre.id, role, username: `${role}-${randomUUID()}`, displayName: role, email: `${randomUUID()}@b.test`, passwordHash: "x" } });
const staffU = await mk("STAFF"), supU = await mk("SUPERVISOR");
const actor = (u: { id: string; role: Actor["role"] }): Actor => ({ userId: u.id, role: u.role, orgId: centre.id, ip: "", userAgent: "bench" });
const now = Date.now();
const projectIds = Array.from({ length: n }, () => randomUUID());
const lots = Array.from({ length: n }, () => randomUUID());
await db.project.createMany({ data: projectIds.map((id, i) => ({ id, code: `BD-${randomUUID()}`, title: `项目${i}`, procurementType: "CONSTRUCTION" as const, buyerOrgId: orgIds[48]!, agentOrgId: orgIds[49]!, region: "320500", createdById: staffU.id })) });
await db.lot.createMany({ data: lots.map((id, i) => ({ id, projectId: projectIds[i]!, lotNo: 1, title: "第一标段", estimatedPriceFen: 100_000_000n, ceilingPriceFen: 90_000_000n, bondFen: 1_000_000n, evaluationMethod: "LOWEST_PRICE" as const, status: "BIDDING_CLOSED" as const, docsAvailableFrom: new Date(now - 3e6), docsAvailableTo: new Date(now - 2e6), clarificationCutoff: new Date(now - 2e6), objectionCutoff: new Date(now - 2e6), bidDeadline: new Date(now - 1e6), authorId: staffU.id })) });
await db.lotRegistration.createMany({ data: lots.flatMap((lotId) => orgIds.slice(0, 48).map((o) => ({ lotId, bidderOrgId: o, userId: staffU.id }))) });
const specialties = [{ code: "B0000", members: 3, backups: 1 }, { code: "B0001", members: 2, backups: 1 }, { code: "B0002", members: 2, backups: 1 }];
const evaluationAt = new Date(now + 2 * 86_400_000);
const rq: number[] = [], en: number[] = [];
for (let i = 0; i < n; i++) {
  const last = i === n - 1;
  on = last;
  const t0 = performance.now();
  const r = await requestDraw(actor(staffU), { lotId: lots[i]!, committeeMembers: 7, evaluationAt, evaluationPlace: "评标室", specialties });
  const t1 = performance.now();
  if (last) log.push({ q: "----- entropy -----", ms: 0 });
  await addDrawEntropy(actor(supU), { drawId: r.drawId, entropy: `bench-${i}` });
  const t2 = performance.now();
  on = false;
  if (i >= 5) { rq.push(t1 - t0); en.push(t2 - t1); }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!.toFixed(1);
console.log(`request p50 ${med(rq)} ms, entropy p50 ${med(en)} ms; queries in last draw: ${log.length}, sum ${log.reduce((s, x) => s + x.ms, 0)} ms`);
for (const l of log) console.log(String(l.ms).padStart(4), l.q);
await db.$disconnect();
