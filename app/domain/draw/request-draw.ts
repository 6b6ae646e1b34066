import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { sealSecret } from "~/domain/experts/secret-box";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { findEntry } from "~/domain/rules/profiles";
import { RuleViolationsError } from "~/domain/rules/violation-error";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { commitmentOf, shortfalls, type Shortfall } from "./draw-algorithm";
import { DRAWABLE_LOT_STATES, loadDrawParties, requestFacts } from "./draw-facts";
import { assertDrawScope } from "./draw-scope";
import { eligibleSetsQuery, type SetsRow } from "./cached-eligible-pools";
import type { AvoidanceCounts } from "./eligible-pools";
import { requestDrawSchema, type RequestDrawInput } from "./schemas";

const DAY = 86_400_000;

/** Not enough eligible experts: `params.missing` reads "A0201 ×2, A0202 ×1"; `shortfalls` has the numbers. */
export class NotEnoughExpertsError extends DomainError {
  constructor(public readonly shortfalls: Shortfall[]) {
    super("experts:errors.notEnoughExperts", { missing: shortfalls.map((s) => `${s.specialtyCode} ×${s.missing}`).join(", ") }, 422, "specialties");
    this.name = "NotEnoughExpertsError";
  }
}

export interface RequestDrawResult {
  drawId: string;
  seq: number;
  commitment: string;
  avoidance: AvoidanceCounts;
  pools: { specialtyCode: string; members: number; backups: number; count: number; digest: string }[];
}

/**
 * 抽取申请: validates the committee against the lot's rule profile, computes the eligible pools with every
 * avoidance applied, fixes them (canonical lists and digests) and commits to a fresh 256-bit server seed.
 * Nothing is drawn yet: the supervisor's entropy (addDrawEntropy) comes next. Staff never see a name here
 * and cannot include or exclude anyone by hand: the request names specialties and counts only.
 */
export async function requestDraw(actor: Actor, raw: RequestDrawInput, db: Db = getDb()): Promise<RequestDrawResult> {
  assertCan(actor, "draw.request");
  const input = requestDrawSchema.parse(raw);
  const codes = input.specialties.map((s) => s.code);
  if (new Set(codes).size !== codes.length) throw new DomainError("experts:errors.duplicateSpecialty", {}, 422, "specialties");
  const now = new Date();
  if (input.evaluationAt.getTime() <= now.getTime()) throw new DomainError("experts:errors.evaluationInPast", {}, 422, "evaluationAt");
  // Reads that need no lock run beside the transaction's first statements (the request is benchmarked end
  // to end, and each round trip counts): the rules and the scope check. The lot lock
  // is taken meanwhile, but nothing is decided or written before the scope check has passed.
  const outside = Promise.all([loadTenderRules(db), assertDrawScope(db, actor, input.lotId)]);
  outside.catch(() => {}); // awaited in the transaction; this only keeps an early failure there from going unhandled

  return db.$transaction(
    async (tx) => {
      // One request at a time per lot: the row lock serialises the "already drawn?" check and the seq.
      const [[rules], parties] = await Promise.all([outside, loadDrawParties(tx, input.lotId, { lock: true })]);
      const { lot, project, settings } = parties;
      if (!DRAWABLE_LOT_STATES.includes(lot.status)) throw new DomainError("experts:errors.lotWrongState", { status: lot.status }, 409);
      if (input.evaluationAt < lot.bidDeadline) throw new DomainError("experts:errors.evaluationBeforeOpening", {}, 422, "evaluationAt");

      const experts = input.specialties.reduce((n, s) => n + s.members, 0);
      const v = checkRule(project.procurementType, "committeeComposition", {
        committee: { members: input.committeeMembers, experts },
        estimatedPriceFen: lot.estimatedPriceFen,
      }, rules.params, rules.calendar, now);
      if (v) throw new RuleViolationsError([v]);
      // 政府采购: not earlier than 2 working days before the evaluation (the message names the earliest instant).
      if (findEntry(project.procurementType, "drawTiming")) {
        const t = checkRule(project.procurementType, "drawTiming", { evaluationAt: input.evaluationAt }, rules.params, rules.calendar, now);
        if (t) throw new RuleViolationsError([t]);
      }

      // The eligible sets ride along with the facts (one round trip); their answer is used only once the
      // facts allow a draw.
      const eligible = eligibleSetsQuery(db, {
        specialtyCodes: codes,
        bidderCreditCodes: parties.bidderCreditCodes,
        buyerCreditCodes: parties.buyerCreditCodes,
        agentCreditCodes: parties.agentCreditCodes,
        projectUserIds: parties.projectUserIds,
        excludeExpertIds: [],
        buyerOrgId: project.buyerOrgId,
        evaluationAt: input.evaluationAt,
        recentSince: new Date(now.getTime() - settings.sameBuyerDays * DAY),
      }, 3);
      const { known, drawn, maxSeq, extra } = await requestFacts<SetsRow>(tx, lot.id, codes, eligible);
      if (known !== codes.length) throw new DomainError("experts:errors.unknownSpecialty", {}, 422, "specialties");
      if (drawn) throw new DomainError("experts:errors.drawExists", {}, 409);
      const seq = maxSeq + 1;

      const { pools, counts } = eligible.read(extra);
      const poolInputs = input.specialties.map((s) => ({ specialtyCode: s.code, members: s.members, backups: s.backups, codes: pools.get(s.code) ?? [] }));
      const short = shortfalls(poolInputs);
      if (short.length) throw new NotEnoughExpertsError(short);

      const drawId = randomUUID();
      const seed = randomBytes(32);
      const commitment = commitmentOf(seed);
      const digests = await insertDrawWithPools(tx, {
        id: drawId,
        lotId: lot.id,
        buyerOrgId: project.buyerOrgId,
        seq,
        committeeMembers: input.committeeMembers,
        evaluationAt: input.evaluationAt,
        evaluationPlace: input.evaluationPlace,
        responseMinutes: input.responseMinutes ?? settings.responseMinutes,
        serverSeedEnc: sealSecret("draw-server-seed", seed.toString("hex")),
        commitment,
        avoidance: counts,
        requestedById: actor.userId ?? "00000000-0000-0000-0000-000000000000",
      }, poolInputs);
      const summary = poolInputs.map((p, i) => ({ specialtyCode: p.specialtyCode, members: p.members, backups: p.backups, count: p.codes.length, digest: digests[i]! }));
      await appendAudit(tx, actor, {
        action: "draw.requested",
        entityType: "Draw",
        entityId: drawId,
        after: { lotId: lot.id, seq, commitment, pools: summary, committeeMembers: input.committeeMembers },
        detail: { lotId: lot.id, seq, commitment, specialties: summary.map((p) => `${p.specialtyCode}:${p.members}+${p.backups}/${p.count}`).join(" "), avoided: counts.candidates - counts.eligible },
      });
      if (seq > 1) await raiseRepeatAlert(tx, lot.id, seq, "INITIAL");
      return { drawId, seq, commitment, avoidance: counts, pools: summary };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

interface NewDraw {
  id: string;
  lotId: string;
  buyerOrgId: string;
  seq: number;
  committeeMembers: number;
  evaluationAt: Date;
  evaluationPlace: string;
  responseMinutes: number;
  serverSeedEnc: string;
  commitment: string;
  avoidance: AvoidanceCounts;
  requestedById: string;
}

/**
 * The draw row and its fixed pools in one statement (one round trip); the other columns take their
 * defaults (INITIAL, AWAITING_ENTROPY, ggzy-draw-v1, requestedAt now). Each pool's codes travel as one text
 * joined by "\n" (the digest's own form; codes never contain it): thousands of codes as a Prisma String[]
 * cost ~30 ms of serialisation in the client, as JSON arrays a few ms of parsing on both sides, while
 * string_to_array keeps the order and costs almost nothing. Returns the pools' digests, in order.
 */
async function insertDrawWithPools(
  tx: Tx,
  d: NewDraw,
  pools: readonly { specialtyCode: string; members: number; backups: number; codes: readonly string[] }[],
): Promise<string[]> {
  const rows = pools.map((p, position) => {
    const codes = p.codes.join("\n");
    // poolDigest's SHA-256 of the same text, by Node's native hash (draw-algorithm stays pure for the
    // browser; over three ~50 kB pools the pure one costs milliseconds). The proof checks the two agree.
    const digest = createHash("sha256").update(codes, "utf8").digest("hex");
    return { position, specialtyCode: p.specialtyCode, members: p.members, backups: p.backups, codes, digest };
  });
  await tx.$executeRaw`
    WITH d AS (
      INSERT INTO "Draw" (id, "lotId", "buyerOrgId", seq, "committeeMembers", "evaluationAt", "evaluationPlace", "responseMinutes",
                          "serverSeedEnc", commitment, avoidance, "requestedById")
      VALUES (${d.id}::uuid, ${d.lotId}::uuid, ${d.buyerOrgId}::uuid, ${d.seq}, ${d.committeeMembers}, ${d.evaluationAt}::timestamptz,
              ${d.evaluationPlace}, ${d.responseMinutes}, ${d.serverSeedEnc}, ${d.commitment}, ${JSON.stringify(d.avoidance)}::jsonb,
              ${d.requestedById}::uuid)
      RETURNING id)
    INSERT INTO "DrawPool" ("drawId", position, "specialtyCode", members, backups, codes, digest)
    SELECT d.id, p.position, p."specialtyCode", p.members, p.backups, CASE WHEN p.codes = '' THEN '{}' ELSE string_to_array(p.codes, E'\n') END, p.digest
      FROM d, json_to_recordset(${JSON.stringify(rows)}::json) AS p(position int, "specialtyCode" text, members int, backups int, codes text, digest text)`;
  return rows.map((r) => r.digest);
}

/** Every re-draw for a lot is counted and alerts the supervisors (fishing for names leaves a trace). */
export async function raiseRepeatAlert(tx: Tx, lotId: string, seq: number, kind: "INITIAL" | "SUPPLEMENTARY") {
  await raiseAlert(tx, {
    kind: "REPEATED_DRAW",
    severity: kind === "INITIAL" ? "RED" : "YELLOW",
    lotId,
    messageCode: kind === "INITIAL" ? "experts:alerts.repeatedDraw" : "experts:alerts.supplementaryDraw",
    params: { seq },
    dedupeKey: `draw-repeat-${lotId}-${seq}`,
  });
}
