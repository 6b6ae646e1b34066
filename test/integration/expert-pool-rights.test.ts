import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { assertRoleFitsOrg } from "~/domain/accounts/roles";
import { decideSpecialtyRequest } from "~/domain/experts/decide-specialty-request";
import { listExperts } from "~/domain/experts/list-experts";
import { listSpecialtyRequests } from "~/domain/experts/list-specialty-requests";
import { revealExpertContact } from "~/domain/experts/reveal-expert-contact";
import { setExpertSpecialties } from "~/domain/experts/set-expert-specialties";
import { startExpertImport } from "~/domain/experts/start-expert-import";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { makeExperts, seedSpecialties } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

/**
 * Issue 13 point 1: the expert pool (names, phones, employers) is kept by the centre's expert
 * administrators only (SPEC §3; 《评标专家和评标专家库管理暂行办法》). Buyer, agent and centre staff get
 * nothing of it; the administrators see phone numbers masked and reveal one per need, audited with a reason.
 */
const { db } = await useTestDb();
useQueuePrefix();

let admin: Actor;
let staff: Record<"centre" | "buyer" | "agent", Actor>;
let expertId = "";

beforeAll(async () => {
  await seedSpecialties(db);
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  const buyer = await makeOrg(db, "BUYER", "示范市交通运输局");
  const agent = await makeOrg(db, "AGENT", "示范招标代理有限公司");
  admin = await makeUser(db, centre.id, "EXPERT_ADMIN", "专家库管理员");
  staff = {
    centre: await makeUser(db, centre.id, "STAFF", "中心经办"),
    buyer: await makeUser(db, buyer.id, "STAFF", "采购人经办"),
    agent: await makeUser(db, agent.id, "STAFF", "代理经办"),
  };
  [expertId] = (await makeExperts(db, 3, ["A0201"])) as [string];
  await db.expert.update({ where: { id: expertId }, data: { phone: "13912345678", email: "zhuanjia@example.cn" } });
});

describe("only the centre's expert administrators manage the pool", () => {
  it.each(["centre", "buyer", "agent"] as const)("%s staff get nothing of the pool: list, import, specialty edits and requests → 403", async (who) => {
    const a = staff[who];
    await expect(listExperts(a, {})).rejects.toMatchObject({ status: 403 });
    await expect(startExpertImport(a, { fileName: "x.csv", bytes: Buffer.from("姓名\n") })).rejects.toMatchObject({ status: 403 });
    await expect(setExpertSpecialties(a, { expertId, codes: ["A0201"] })).rejects.toMatchObject({ status: 403 });
    await expect(listSpecialtyRequests(a)).rejects.toMatchObject({ status: 403 });
    await expect(decideSpecialtyRequest(a, { requestId: expertId, decision: "apply" })).rejects.toMatchObject({ status: 403 });
    await expect(revealExpertContact(a, { expertId, reason: "联系评标" })).rejects.toMatchObject({ status: 403 });
  });

  it("the role exists only in the centre", () => {
    expect(() => assertRoleFitsOrg("EXPERT_ADMIN", "CENTRE")).not.toThrow();
    for (const kind of ["BUYER", "AGENT", "SUPERVISION", "BIDDER", "OTHER"] as const) expect(() => assertRoleFitsOrg("EXPERT_ADMIN", kind)).toThrow();
  });

  it("the administrator lists the pool with phone numbers masked", async () => {
    const { rows } = await listExperts(admin, {});
    expect(rows).toHaveLength(3);
    const row = rows.find((r) => r.id === expertId)!;
    expect(row.phone).toBe("139****5678");
    expect(JSON.stringify(rows)).not.toContain("13912345678");
    expect(JSON.stringify(rows)).not.toContain("zhuanjia@example.cn");
  });

  it("reveals one expert's contact for a stated need, audited with the reason; no reason, no number", async () => {
    await expect(revealExpertContact(admin, { expertId, reason: " " })).rejects.toMatchObject({ code: "experts:errors.revealReasonRequired", status: 422 });
    expect(await db.auditEntry.count({ where: { action: "expert.contact_revealed" } })).toBe(0);
    const c = await revealExpertContact(admin, { expertId, reason: "核对专家信息变更" });
    expect(c).toMatchObject({ phone: "13912345678", email: "zhuanjia@example.cn" });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "expert.contact_revealed", entityId: expertId } });
    expect(audit.actorId).toBe(admin.userId);
    expect(JSON.stringify(audit.detail)).toContain("核对专家信息变更");
    // The number itself is not copied into the log (the log is read by supervisors and exported).
    expect(JSON.stringify(audit.detail)).not.toContain("13912345678");
  });
});
