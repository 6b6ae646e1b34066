import { z } from "zod";
import { requireUserId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { startOfShanghaiDay } from "~/domain/rules/dates";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { formatYuan } from "~/lib/money";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { assertUuid } from "~/domain/tenders/load-lot";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { plainText } from "~/domain/tenders/lot-terms";
import { publishAnnouncement } from "~/domain/tenders/publish-lot";
import { getDb } from "~/lib/db.server";
import { parseYuan } from "~/lib/money";
import { assertRule, loadAwardContext, lotLabel } from "./award-context";
import { ruleDueAt } from "~/domain/rules/rule-param";
import { openBondRefunds } from "./open-bond-refunds";

/** A signed contract scan is a PDF of at most 20 MB. */
export const CONTRACT_MAX_BYTES = 20 * 1024 * 1024;

const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "award:errors.invalidDate");

export const ContractFieldsSchema = z.object({
  lotId: z.string(),
  amountYuan: z.string(),
  /** Optional (实施条例 art. 58: only when the tender documents ask for one): empty or absent = none (0). */
  performanceBondYuan: z.string().optional().nullable(),
  signedOn: dateStr,
  startsOn: dateStr,
  endsOn: dateStr,
  changeReason: plainText(2000).optional().nullable(),
});
export type ContractFields = z.input<typeof ContractFieldsSchema>;

/** A real calendar date "YYYY-MM-DD" as a UTC-midnight Date (what a @db.Date column stores), or null. */
export function calendarDate(s: string): Date | null {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const u = new Date(Date.UTC(y, m - 1, d));
  return u.getUTCFullYear() === y && u.getUTCMonth() === m - 1 && u.getUTCDate() === d ? u : null;
}

/**
 * 合同: staff record the signed contract — the PDF (kept with its SHA-256, shown), the amount, dates and the
 * 履约保证金 (≤ 10 %, rule performanceBondMaxPercent); an amount other than the award price needs a written
 * change reason (rule contractMatchesAward). The lot becomes CONTRACTED; the bond refund register is opened
 * (one row per bond, due 5 (working) days after signing, interest at the centre's rate); 政府采购: the contract
 * is published on the portal at once (合同公告) and its filing clock (7 working days) starts.
 */
export async function recordContract(actor: Actor, input: ContractFields & { file: { name: string; bytes: Buffer } | null }, now = new Date()) {
  assertCan(actor, "award.manage");
  const f = ContractFieldsSchema.safeParse(input);
  if (!f.success) {
    const issue = f.error.issues[0];
    throw new DomainError("award:errors.invalidField", { field: String(issue?.path[0] ?? "") }, 422, String(issue?.path[0] ?? ""));
  }
  const v = f.data;
  assertUuid(v.lotId);
  const amount = parseYuan(v.amountYuan);
  if (!amount.ok || amount.fen <= 0n) throw new DomainError("award:errors.invalidAmount", {}, 422, "amountYuan");
  const bond = (v.performanceBondYuan ?? "").trim() === "" ? ({ ok: true, fen: 0n } as const) : parseYuan(v.performanceBondYuan);
  if (!bond.ok) throw new DomainError("award:errors.invalidAmount", {}, 422, "performanceBondYuan");
  const signedDay = calendarDate(v.signedOn);
  const startsOn = calendarDate(v.startsOn);
  const endsOn = calendarDate(v.endsOn);
  // Signed "on" a Shanghai day: the instant is that day's start (the clocks count from the day).
  const signedOn = signedDay ? startOfShanghaiDay(v.signedOn) : null;
  if (!signedOn) throw new DomainError("award:errors.invalidDate", {}, 422, "signedOn");
  if (!startsOn) throw new DomainError("award:errors.invalidDate", {}, 422, "startsOn");
  if (!endsOn || endsOn < startsOn) throw new DomainError("award:errors.endsBeforeStart", {}, 422, "endsOn");
  if (signedOn > now) throw new DomainError("award:errors.signedInFuture", {}, 422, "signedOn");
  const file = input.file;
  if (!file || file.bytes.length === 0) throw new DomainError("award:errors.fileRequired", {}, 422, "file");
  if (file.bytes.length > CONTRACT_MAX_BYTES) throw new DomainError("award:errors.fileTooLarge", { maxMb: 20 }, 422, "file");
  if (file.bytes.subarray(0, 5).toString("latin1") !== "%PDF-") throw new DomainError("award:errors.notAPdf", {}, 422, "file");
  const fileName = file.name.replace(/[\\/\u0000-\u001f]/g, "_").slice(-200) || "contract.pdf";

  return getDb().$transaction(
    async (tx) => {
      const ctx = await loadAwardContext(tx, actor, v.lotId);
      const { lot, profile } = ctx;
      const award = await tx.award.findUnique({ where: { lotId: lot.id } });
      if (!award) throw new DomainError("award:errors.notAwarded", {}, 409);
      if (await tx.contract.findUnique({ where: { lotId: lot.id }, select: { lotId: true } })) {
        throw new DomainError("award:errors.contractExists", {}, 409);
      }
      if (lot.status !== "AWARDED") throw new DomainError("award:errors.wrongStatus", { status: lot.status }, 409);
      if (signedOn < startOfShanghaiDay(award.decidedAt.toISOString().slice(0, 10))) {
        // Signed before the award is impossible (compared by Shanghai day).
        throw new DomainError("award:errors.signedBeforeAward", {}, 422, "signedOn");
      }
      const facts = {
        contract: { awardNoticeAt: award.decidedAt, signedAt: signedOn, awardPriceFen: award.priceFen, amountFen: amount.fen, performanceBondFen: bond.fen, changeReason: v.changeReason ?? null },
      };
      assertRule(ctx, "performanceBondMaxPercent", facts, now);
      assertRule(ctx, "contractMatchesAward", facts, now);
      const late = checkRule(profile, "contractWithinDays", facts, ctx.rules.params, ctx.rules.calendar, now);

      const isProcurement = profile === "GOVERNMENT_PROCUREMENT";
      const doc = await storeDocument(tx, {
        kind: "contract",
        number: await nextDocumentNumber(tx, documentPrefix("HT", now)),
        title: `合同 ${lot.project.code} ${lot.title}`,
        entityType: "Lot",
        entityId: lot.id,
        ownerOrgId: award.winnerOrgId,
        // 政府采购 contracts are published (实施条例 art. 50); 工程 contracts stay with the parties and supervisors.
        public: isProcurement,
        bytes: file.bytes,
      });
      const contract = await tx.contract.create({
        data: {
          lotId: lot.id,
          documentId: doc.id,
          sha256: doc.sha256,
          fileName,
          amountFen: amount.fen,
          performanceBondFen: bond.fen,
          changeReason: amount.fen === award.priceFen ? null : (v.changeReason ?? null),
          signedAt: signedOn,
          startsOn,
          endsOn,
          recordedById: requireUserId(actor),
          recordedAt: now,
          publishDueAt: isProcurement ? ruleDueAt(ctx, "contractPublishWithin", signedOn) : null,
          filingDueAt: isProcurement ? ruleDueAt(ctx, "contractFilingWithin", signedOn) : null,
        },
      });
      // 保证金退还登记: every bond of the lot still without a row, due after the contract; interest accrues to
      // the refund day. 政府采购: the losing suppliers' rows were opened with the award (实施条例 art. 33), so
      // only the winner's is new here — unless the award predates that, then theirs count from the award too.
      const dueAt = ruleDueAt(ctx, "bondRefundWithinDays", signedOn);
      const losersDueAt = isProcurement ? ruleDueAt(ctx, "bondRefundWithinDays", award.decidedAt) : dueAt;
      const refunds = await openBondRefunds(tx, ctx, lot.id, (b) => (b.id === award.winnerBidId ? dueAt : losersDueAt));

      await transitionLot(tx, actor, lot.id, "record_contract", { expectedStatus: "AWARDED", detail: { documentId: doc.id, sha256: doc.sha256 } });
      await appendAudit(tx, actor, {
        action: "award.contract_recorded",
        entityType: "Lot",
        entityId: lot.id,
        after: contract,
        detail: { sha256: doc.sha256, amount: formatYuan(amount.fen), performanceBond: formatYuan(bond.fen), refunds: refunds.length, late: late?.code ?? null },
      });
      if (isProcurement) {
        await publishAnnouncement(tx, actor, {
          lotId: lot.id,
          kind: "CONTRACT",
          title: `${lotLabel(lot)}合同公告`,
          body:
            `${lot.project.title}（项目编号：${lot.project.code}）${lot.title}政府采购合同已签订，现予公告（《中华人民共和国政府采购法实施条例》第五十条）。\n` +
            `供应商：${award.winnerName}\n合同金额：${formatYuan(amount.fen)} 元\n签订日期：${v.signedOn}\n履行期限：${v.startsOn} 至 ${v.endsOn}\n合同文本 SHA-256：${doc.sha256}`,
          at: now,
        });
      }
      if (late) {
        await raiseAlert(tx, {
          kind: "CONTRACT_LATE",
          severity: "YELLOW",
          lotId: lot.id,
          messageCode: "supervision:alerts.AWARD_CLOCK_OVERDUE",
          params: { clock: "contract", dueAt: award.contractDueAt.toISOString() },
          dedupeKey: `award-clock-${lot.id}-contract`,
        });
      }
      const bidderOrgIds = [...new Set(refunds.map((r) => r.bidderOrgId))];
      if (bidderOrgIds.length > 0) {
        await notify(tx, {
          recipients: { orgIds: bidderOrgIds, role: "BIDDER" },
          template: "award:notify.refundDue",
          params: { lot: lotLabel(lot), dueAt },
          channels: ["inapp"],
          entity: { type: "Lot", id: lot.id },
          link: `/bidder/lots/${lot.id}`,
          dedupeKey: `refund-due-${lot.id}`,
        });
      }
      await scheduleLotTransitions(tx, lot.id, now);
      return { contract, documentId: doc.id };
    },
    { timeout: 30_000 },
  );
}

export { daysBetween } from "./open-bond-refunds";
