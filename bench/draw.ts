/**
 * `npm run bench -- draw [iterations]`: the expert draw at pool scale (issue 5).
 * 100 000 experts over 60 specialties, 50 avoided organisations (48 registered bidders, the buyer, the
 * agent), 7 members + 3 backups over 3 specialties. Measures the draw end to end through the domain
 * (requestDraw + addDrawEntropy: rule check, avoidance, pools, commitment, DRBG, members, notices, outbox)
 * against the bare SQL scan of the eligible pool, then marks every draw final and replays each one from
 * its public proof (getDrawProof → verifyDrawProof): all must be identical.
 * The bare scan is eligiblePools, the uncached SQL: what reading the candidates costs. The draw itself
 * reads cached eligible sets validated by version (ADR 0026), so a draw can cost less than one scan.
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import type { Actor } from "~/domain/actor";
import { createDb, setDb } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { RESULT_FINAL_LOT_STATES } from "~/domain/draw/draw-facts";
import { createBenchDb } from "./_bench-db";

const EXPERTS = 100_000;
const ORGS = 200;
const AVOIDED = 50;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const cc = (i: number) => `BENCH${String(i).padStart(13, "0")}`;

export async function main(args: string[]) {
  const iterations = Number(args[0] ?? 1000);
  const bench = await createBenchDb("draw");
  process.env.DATABASE_URL = bench.url;
  resetEnvCache();
  const db = createDb(bench.url, 10);
  setDb(db);
  try {
    const { requestDraw } = await import("~/domain/draw/request-draw");
    const { addDrawEntropy } = await import("~/domain/draw/add-draw-entropy");
    const { getDrawProof } = await import("~/domain/draw/get-draw-proof");
    const { verifyDrawProof } = await import("~/domain/draw/verify-proof");
    const { eligiblePools } = await import("~/domain/draw/eligible-pools");

    // ---- data: specialties, experts (SQL generate_series), organisations, lots with 48 bidders each ----
    const t0 = performance.now();
    const specs = Array.from({ length: 60 }, (_, i) => `B${String(i).padStart(4, "0")}`);
    await db.specialty.createMany({ data: [{ code: "B", name: "货物", level: 1 }, ...specs.map((code) => ({ code, parentCode: "B", name: code, level: 2 }))] });
    await db.$executeRawUnsafe(`
      INSERT INTO "Expert" (id, code, name, "idNumberEnc", "idNumberMasked", "idNumberHmac", "employerOrgName", "employerCreditCode", title, "updatedAt")
      SELECT gen_random_uuid(), 'E-' || upper(lpad(to_hex(i), 7, '0')), '专家' || i, 'x', '110***********0000', md5(i::text) || md5('h' || i),
             '单位' || (i % ${ORGS}), 'BENCH' || lpad((i % ${ORGS})::text, 13, '0'), '高级工程师', now()
      FROM generate_series(1, ${EXPERTS}) i`);
    // Each expert holds 1–2 of the 60 specialties.
    await db.$executeRawUnsafe(`
      INSERT INTO "ExpertSpecialty" ("expertId", "specialtyCode")
      SELECT id, 'B' || lpad((abs(hashtext(code)) % 60)::text, 4, '0') FROM "Expert"
      UNION SELECT id, 'B' || lpad((abs(hashtext(code || 'x')) % 60)::text, 4, '0') FROM "Expert" WHERE abs(hashtext(code)) % 3 = 0`);
    await db.$executeRawUnsafe(`ANALYZE`);
    const orgIds = Array.from({ length: AVOIDED }, () => randomUUID());
    await db.organisation.createMany({
      data: orgIds.map((id, i) => ({ id, kind: i < 48 ? "BIDDER" : i === 48 ? "BUYER" : "AGENT", name: `单位${i}`, creditCode: cc(i) })),
    });
    const centre = await db.organisation.create({ data: { kind: "CENTRE", name: "交易中心", creditCode: "BENCHCENTRE0000000" } });
    const mk = (role: "STAFF" | "SUPERVISOR") =>
      db.user.create({ data: { orgId: centre.id, role, username: `${role.toLowerCase()}-bench`, displayName: role, email: `${role}@bench.test`, passwordHash: "x" } });
    const [staffU, supU] = await Promise.all([mk("STAFF"), mk("SUPERVISOR")]);
    const actor = (u: { id: string; role: Actor["role"] }): Actor => ({ userId: u.id, role: u.role, orgId: centre.id, ip: "", userAgent: "bench" });
    const staff = actor(staffU);
    const supervisor = actor(supU);
    const now = Date.now();
    const n = iterations + 20;
    const projectIds = Array.from({ length: n }, () => randomUUID());
    const lots = Array.from({ length: n }, () => randomUUID());
    await db.project.createMany({
      data: projectIds.map((id, i) => ({ id, code: `BD-${i}`, title: `项目${i}`, procurementType: "CONSTRUCTION" as const, buyerOrgId: orgIds[48]!, agentOrgId: orgIds[49]!, region: "320500", createdById: staffU.id })),
    });
    await db.lot.createMany({
      data: lots.map((id, i) => ({
        id, projectId: projectIds[i]!, lotNo: 1, title: "第一标段", estimatedPriceFen: 100_000_000n, ceilingPriceFen: 90_000_000n, bondFen: 1_000_000n,
        evaluationMethod: "LOWEST_PRICE" as const, status: "BIDDING_CLOSED" as const, docsAvailableFrom: new Date(now - 3e6), docsAvailableTo: new Date(now - 2e6),
        clarificationCutoff: new Date(now - 2e6), objectionCutoff: new Date(now - 2e6), bidDeadline: new Date(now - 1e6), authorId: staffU.id,
      })),
    });
    await db.lotRegistration.createMany({ data: lots.flatMap((lotId) => orgIds.slice(0, 48).map((o) => ({ lotId, bidderOrgId: o, userId: staffU.id }))) });
    // A pool in steady state has been vacuumed (autovacuum): the visibility map lets the eligibility scan
    // read ExpertPoolEntry's index alone. Freshly bulk-loaded rows would send every read to the heap.
    await db.$executeRawUnsafe(`VACUUM ANALYZE`);
    // Each buyer's "recently drawn" avoidance would shrink the pool over 1 000 draws of one buyer: the
    // period is set to 0 days so every iteration measures the same pool size.
    await db.drawSetting.create({ data: { id: 1, sameBuyerDays: 0, responseMinutes: 60 } });
    console.log(`data: ${EXPERTS} experts, ${AVOIDED} avoided organisations, ${lots.length} lots — ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const specialties = [
      { code: specs[0]!, members: 3, backups: 1 },
      { code: specs[1]!, members: 2, backups: 1 },
      { code: specs[2]!, members: 2, backups: 1 },
    ];
    const evaluationAt = new Date(now + 2 * 86_400_000);
    const draw = async (lotId: string) => {
      const t = performance.now();
      const r = await requestDraw(staff, { lotId, committeeMembers: 7, evaluationAt, evaluationPlace: "评标室 305", specialties });
      await addDrawEntropy(supervisor, { drawId: r.drawId, entropy: `bench-${lotId.slice(0, 8)}` });
      return { ms: performance.now() - t, drawId: r.drawId, eligible: r.avoidance.eligible, candidates: r.avoidance.candidates };
    };
    const scan = async () => {
      const t = performance.now();
      await db.$transaction((tx) =>
        eligiblePools(tx, {
          specialtyCodes: specialties.map((s) => s.code), bidderCreditCodes: orgIds.slice(0, 48).map((_, i) => cc(i)), buyerCreditCodes: [cc(48)],
          agentCreditCodes: [cc(49)], projectUserIds: [], excludeExpertIds: [], buyerOrgId: orgIds[48]!, evaluationAt, recentSince: new Date(now),
        }),
      );
      return performance.now() - t;
    };

    for (let i = 0; i < 20; i++) { await draw(lots[i]!); await scan(); } // warm-up
    const loadStart = loadavg()[0]!;
    const end: number[] = [];
    const bare: number[] = [];
    const ids: string[] = [];
    let info = { eligible: 0, candidates: 0 };
    for (let i = 20; i < lots.length; i++) {
      const r = await draw(lots[i]!);
      end.push(r.ms);
      ids.push(r.drawId);
      info = r;
      bare.push(await scan());
    }
    const f = (x: number) => x.toFixed(1).padStart(7);
    console.log(`machine: ${cpus().length} CPUs, load ${loadStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)} (1-min average, start → end); pool per draw: ${info.candidates} candidates, ${info.eligible} eligible`);
    console.log(`draw end to end (request + entropy)  n=${end.length}  p50 ${f(pct(end, 50))} ms  p99 ${f(pct(end, 99))} ms`);
    console.log(`bare SQL eligible-pool scan           n=${bare.length}  p50 ${f(pct(bare, 50))} ms  p99 ${f(pct(bare, 99))} ms`);
    console.log(`ratio end-to-end / bare scan (p50): ${(pct(end, 50) / pct(bare, 50)).toFixed(2)}   goal p50 < 50 ms: ${pct(end, 50) < 50 ? "MET" : "NOT MET"}`);

    // ---- replay: every draw, from its public proof alone ----
    await db.draw.updateMany({ where: { id: { in: ids } }, data: { status: "FINAL", finalizedAt: new Date() } });
    // The proof is public once the lot's result is (issue 13 §2): the bench's lots are taken there.
    const lotIds = (await db.draw.findMany({ where: { id: { in: ids } }, select: { lotId: true } })).map((d) => d.lotId);
    await db.lot.updateMany({ where: { id: { in: lotIds } }, data: { status: RESULT_FINAL_LOT_STATES[0]! } });
    const t1 = performance.now();
    let same = 0;
    for (const id of ids) {
      const proof = JSON.parse(JSON.stringify(await getDrawProof(id)));
      if (verifyDrawProof(proof).ok) same++;
    }
    console.log(`replay: ${same}/${ids.length} draws identical (${((performance.now() - t1) / ids.length).toFixed(1)} ms per proof incl. DB read)`);
    if (same !== ids.length) process.exitCode = 1;
    const p50 = pct(end, 50);
    const bareP50 = pct(bare, 50);
    const figures = {
      experts: EXPERTS, avoidedOrgs: AVOIDED, draws: end.length, candidates: info.candidates, eligible: info.eligible,
      drawP50Ms: Number(p50.toFixed(1)), drawP99Ms: Number(pct(end, 99).toFixed(1)), bareScanP50Ms: Number(bareP50.toFixed(1)),
      ratioToBareScan: Number((p50 / bareP50).toFixed(2)), replayedIdentical: same, loadStart: Number(loadStart.toFixed(2)), loadEnd: Number(loadavg()[0]!.toFixed(2)),
    };
    const met = p50 < 50 && p50 / bareP50 <= 1.25 && same === ids.length;
    console.log(JSON.stringify({ bench: "draw", figures, goals: { drawP50Ms: "< 50", ratioToBareScan: "<= 1.25", replayedIdentical: "all" }, met }));
  } finally {
    await db.$disconnect();
    await bench.drop();
  }
}
