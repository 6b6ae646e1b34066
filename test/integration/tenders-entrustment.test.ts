/**
 * 委托代理 (issue 13 item 9): an agent creates projects only for buyers whose entrustment of it is in force;
 * the buyer's own staff entrust and revoke (audited); revoking or expiry stops new projects, existing ones stay.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createProject } from "~/domain/tenders/create-project";
import { entrustAgent } from "~/domain/tenders/entrust-agent";
import { listEntrustments } from "~/domain/tenders/list-entrustments";
import { listProjectParties } from "~/domain/tenders/list-project-parties";
import { revokeEntrustment } from "~/domain/tenders/revoke-entrustment";
import type { Actor } from "~/domain/actor";
import { useTestDb } from "./../support/db";
import { useQueuePrefix } from "./../support/redis";
import { makeOrg, makeUser } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

const DAY = 86_400_000;
let n = 0;
const project = (buyerOrgId: string, agentOrgId: string | null) => ({
  code: `WT-2026-${String(++n).padStart(4, "0")}`,
  title: "委托代理测试项目",
  procurementType: "CONSTRUCTION" as const,
  buyerOrgId,
  agentOrgId,
  region: "320500",
});
const counts = async () => ({ projects: await db.project.count(), entrustments: await db.agentEntrustment.count(), audit: await db.auditEntry.count() });

let buyer: { id: string }, otherBuyer: { id: string }, agency: { id: string; name: string }, otherAgency: { id: string };
let buyerStaff: Actor, otherBuyerStaff: Actor, agentStaff: Actor, centreStaff: Actor;
beforeAll(async () => {
  buyer = await makeOrg(db, "BUYER", "示范市水务局");
  otherBuyer = await makeOrg(db, "BUYER", "示范市教育局");
  agency = await makeOrg(db, "AGENT", "示范招标代理有限公司");
  otherAgency = await makeOrg(db, "AGENT", "别家招标代理有限公司");
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  buyerStaff = await makeUser(db, buyer.id, "STAFF", "水务局经办人");
  otherBuyerStaff = await makeUser(db, otherBuyer.id, "STAFF", "教育局经办人");
  agentStaff = await makeUser(db, agency.id, "STAFF", "代理项目经理");
  centreStaff = await makeUser(db, centre.id, "STAFF", "中心工作人员");
});

describe("委托代理", () => {
  it("refuses an agent's project for a buyer that did not entrust it, in words, writing nothing", async () => {
    const before = await counts();
    await expect(createProject(agentStaff, project(buyer.id, agency.id))).rejects.toMatchObject({ code: "tenders:errors.notEntrusted", status: 403 });
    // Nor may the centre name an agent the buyer did not choose (招标投标法 art. 12).
    await expect(createProject(centreStaff, project(buyer.id, agency.id))).rejects.toMatchObject({ code: "tenders:errors.notEntrusted" });
    expect(await counts()).toEqual(before);
    expect((await listProjectParties(agentStaff)).buyers).toEqual([]);
    for (const lang of ["zh-CN", "en"]) {
      const errors = JSON.parse(readFileSync(`app/locales/${lang}/tenders.json`, "utf8")).errors;
      expect(errors.notEntrusted).toMatch(/\S{10}/);
    }
  });

  it("only the buyer's own staff entrust; the entrustment and its audit entry are written together", async () => {
    for (const who of [agentStaff, centreStaff]) {
      await expect(entrustAgent(who, { agentOrgId: agency.id })).rejects.toMatchObject({ code: "tenders:errors.entrustOnlyBuyer", status: 403 });
    }
    await expect(entrustAgent(buyerStaff, { agentOrgId: otherBuyer.id })).rejects.toMatchObject({ code: "tenders:errors.agentInvalid" });
    const e = await entrustAgent(buyerStaff, { agentOrgId: agency.id, note: "委托代理合同 WT-001" });
    expect(e).toMatchObject({ buyerOrgId: buyer.id, agentOrgId: agency.id, validUntil: null, revokedAt: null });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: e.id } });
    expect(audit).toMatchObject({ action: "entrustment.granted", actorId: buyerStaff.userId, entityType: "AgentEntrustment" });
    await expect(entrustAgent(buyerStaff, { agentOrgId: agency.id })).rejects.toMatchObject({ code: "tenders:errors.entrustmentExists", status: 409 });
  });

  it("lets the entrusted agent create the buyer's project, offers only that buyer, and still refuses another", async () => {
    const parties = await listProjectParties(agentStaff);
    expect(parties.buyers.map((b) => b.id)).toEqual([buyer.id]);
    expect(parties.agents.map((a) => a.id)).toEqual([agency.id]);
    expect((await listProjectParties(buyerStaff)).agents.map((a) => a.id)).toEqual([agency.id]);
    const p = await createProject(agentStaff, project(buyer.id, agency.id));
    expect(p).toMatchObject({ buyerOrgId: buyer.id, agentOrgId: agency.id });
    await expect(createProject(agentStaff, project(otherBuyer.id, agency.id))).rejects.toMatchObject({ code: "tenders:errors.notEntrusted" });
    // The buyer's entrustment is of this agency only.
    const otherAgent = await makeUser(db, otherAgency.id, "STAFF", "别家代理员");
    await expect(createProject(otherAgent, project(buyer.id, otherAgency.id))).rejects.toMatchObject({ code: "tenders:errors.notEntrusted" });
    // The agent sees who entrusts it; the centre reads all; the buyer may revoke.
    expect((await listEntrustments(agentStaff)).entrustments.map((e) => e.buyer)).toEqual(["示范市水务局"]);
    expect((await listEntrustments(agentStaff)).canManage).toBe(false);
    expect((await listEntrustments(centreStaff)).entrustments.length).toBeGreaterThan(0);
    expect((await listEntrustments(buyerStaff)).canManage).toBe(true);
  });

  it("revoking stops new projects; the existing project keeps its agent; only the buyer revokes", async () => {
    const e = await db.agentEntrustment.findFirstOrThrow({ where: { buyerOrgId: buyer.id, agentOrgId: agency.id, revokedAt: null } });
    const existing = await db.project.findFirstOrThrow({ where: { buyerOrgId: buyer.id, agentOrgId: agency.id } });
    await expect(revokeEntrustment(otherBuyerStaff, { id: e.id })).rejects.toMatchObject({ status: 404 });
    await expect(revokeEntrustment(agentStaff, { id: e.id })).rejects.toMatchObject({ status: 404 });
    await revokeEntrustment(buyerStaff, { id: e.id });
    expect(await db.auditEntry.findFirst({ where: { entityId: e.id, action: "entrustment.revoked" } })).not.toBeNull();
    await expect(revokeEntrustment(buyerStaff, { id: e.id })).rejects.toMatchObject({ code: "tenders:errors.entrustmentRevoked" });
    const before = await counts();
    await expect(createProject(agentStaff, project(buyer.id, agency.id))).rejects.toMatchObject({ code: "tenders:errors.notEntrusted" });
    expect(await counts()).toEqual(before);
    expect(await db.project.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ agentOrgId: agency.id });
    expect((await listProjectParties(agentStaff)).buyers).toEqual([]);
  });

  it("an entrustment limited in time stops after its last day", async () => {
    const now = new Date();
    const through = new Date(now.getTime() + DAY).toISOString().slice(0, 10);
    await expect(entrustAgent(otherBuyerStaff, { agentOrgId: agency.id, validThrough: "2020-01-01" })).rejects.toMatchObject({
      code: "tenders:errors.entrustmentPast",
    });
    const e = await entrustAgent(otherBuyerStaff, { agentOrgId: agency.id, validThrough: through }, now);
    expect(e.validUntil!.getTime()).toBeGreaterThan(now.getTime());
    await createProject(agentStaff, project(otherBuyer.id, agency.id), now);
    const later = new Date(now.getTime() + 3 * DAY);
    await expect(createProject(agentStaff, project(otherBuyer.id, agency.id), later)).rejects.toMatchObject({ code: "tenders:errors.notEntrusted" });
    expect((await listProjectParties(agentStaff, later)).buyers).toEqual([]);
    expect((await listEntrustments(otherBuyerStaff, later)).entrustments[0]!.state).toBe("EXPIRED");
  });
});
