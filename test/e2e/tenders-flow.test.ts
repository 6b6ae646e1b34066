/**
 * Issue 3 "Done when", in the browser: staff1 creates a project and a lot (a rule violation is listed with
 * its article first), uploads the tender document (SHA-256 shown) and submits it; staff1 cannot approve
 * their own lot, staff2 approves and publishes; bidder1 registers, downloads (bytes = shown SHA-256) and
 * asks a question; staff answers it; a change inside the 15-day window moves the deadline to the instant
 * the page proposed; the public page, the announcement PDFs (pdftotext) and the OCDS package show it;
 * and the bid deadline passes by itself (scheduled job) — the lot closes without anyone clicking.
 *
 * Two steps cannot wait for real days, so the test moves the lot in time through the database:
 *  - "ten days later": every instant of the published lot (and publishedAt) shifted 10 days back, so the
 *    change comes 12 days before the deadline (inside the 15-day window);
 *  - "the deadline comes": bidDeadline set 6 s ahead.
 * Both then call the domain's own scheduleLotTransitions (the engine under test), which re-arms the jobs
 * through the outbox exactly as publication and change notices do.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { toDatetimeLocal } from "~/lib/time";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { createDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { shotBoth } from "./support/both-widths";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const DAY = 86_400_000;
const db = createDb(inject("e2eDatabaseUrl"), 2);
afterAll(() => db.$disconnect());

const PDF = Buffer.from("%PDF-1.4\n% 招标文件 test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Confirms the modal an irreversible button opened. */
async function confirm(page: Page) {
  await page.locator("dialog[open] button[type=submit]").click();
}

/** The lot's instants moved by `ms` in the database, then re-scheduled by the domain (see the header). */
async function moveLot(lotId: string, set: (l: Record<string, Date>) => Record<string, Date>) {
  await db.$transaction(async (tx) => {
    const l = await tx.lot.findUniqueOrThrow({ where: { id: lotId } });
    await tx.lot.update({
      where: { id: lotId },
      data: set({
        docsAvailableFrom: l.docsAvailableFrom,
        docsAvailableTo: l.docsAvailableTo,
        clarificationCutoff: l.clarificationCutoff,
        objectionCutoff: l.objectionCutoff,
        bidDeadline: l.bidDeadline,
        publishedAt: l.publishedAt!,
      }),
    });
    await scheduleLotTransitions(tx, lotId);
  });
}

/** Waits until the worker rendered the announcement's PDF and returns its text (pdftotext). */
async function announcementPdfText(announcementId: string): Promise<string> {
  let documentId: string | null = null;
  await expect
    .poll(
      async () => {
        const [row] = await e2eQuery<{ documentId: string | null }>(`SELECT "documentId" FROM "Announcement" WHERE id = $1`, [announcementId]);
        documentId = row?.documentId ?? null;
        return documentId;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
  const res = await fetch(url(`/documents/${documentId}`));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const dir = mkdtempSync(path.join(tmpdir(), "tenders-flow-"));
  const file = path.join(dir, "a.pdf");
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
}

describe("tender workflow: publish through review, register, ask, change, close by itself", () => {
  test("staff → review → bidder → change → public page, PDF, OCDS → deadline passes", { timeout: 300_000 }, async () => {
    const code = `GC-E2E-${Date.now().toString().slice(-6)}`;
    const projectTitle = "示范市滨河路市政道路改造工程";

    // ---- staff1: project and lot ----
    const staff1 = await b.page();
    await signIn(staff1, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
    await staff1.goto(url("/staff"));
    await expect.poll(() => staff1.getByRole("heading", { level: 1 }).innerText()).toBe("项目管理工作台");
    await staff1.getByRole("link", { name: "+ 新建项目" }).click();
    await staff1.locator("input[name=code]").fill(code);
    await staff1.locator("input[name=title]").fill(projectTitle);
    await staff1.locator("input[name=region]").fill("320500");
    await copyShot(b, staff1, "tenders-project-new");
    await staff1.getByRole("button", { name: "创建项目" }).click();
    await staff1.waitForURL((u) => u.pathname === "/staff/lots/new");

    // Money typed as people type it; documents available from this minute so bidders can register now.
    await staff1.locator("input[name=estimatedPriceFen]").fill("12,345,678.90");
    await staff1.locator("input[name=ceilingPriceFen]").fill("12000000");
    await staff1.locator("input[name=bondFen]").fill("300000"); // 2.43 % — over the 2 % limit on purpose
    await staff1.locator("textarea[name=qualification]").fill("市政公用工程施工总承包二级及以上资质");
    await staff1.locator("input[name=docsAvailableFrom]").fill(toDatetimeLocal(new Date(Date.now() - 60_000)));
    await expect.poll(() => staff1.locator(".money-field__reading").first().innerText()).toContain("壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角");
    await expect.poll(() => staff1.locator(".bond-ratio").innerText()).toContain("2.43%");
    await staff1.getByRole("button", { name: "保存为草稿" }).click();
    // The statutory rule comes back as a list item naming the rule and its article; nothing was stored.
    const violation = staff1.locator(".rule-violations li[data-rule=bondMaxPercent]");
    await expect.poll(() => violation.innerText()).toContain("招标投标法实施条例第二十六条");
    expect(await violation.innerText()).toContain("投标保证金上限");
    await copyShot(b, staff1, "tenders-lot-violation");
    expect(await e2eQuery(`SELECT 1 FROM "Lot" l JOIN "Project" p ON p.id = l."projectId" WHERE p.code = $1`, [code])).toHaveLength(0);

    await staff1.locator("input[name=bondFen]").fill("200,000.00");
    await staff1.getByRole("button", { name: "保存为草稿" }).click();
    await staff1.waitForURL((u) => /^\/staff\/lots\/[0-9a-f-]{36}$/.test(u.pathname));
    const lotId = new URL(staff1.url()).pathname.split("/")[3]!;
    const [stored] = await e2eQuery<{ e: string; c: string; b: string }>(
      `SELECT "estimatedPriceFen"::text e, "ceilingPriceFen"::text c, "bondFen"::text b FROM "Lot" WHERE id = $1`,
      [lotId],
    );
    expect(stored).toEqual({ e: "1234567890", c: "1200000000", b: "20000000" });

    // Tender document: a disallowed type is refused in words, a PDF goes up with its SHA-256 shown.
    await staff1.locator("input[type=file]").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await staff1.getByRole("button", { name: "上传", exact: true }).click();
    await expect.poll(() => staff1.locator(".doc-upload .alert--error").innerText()).toContain("不允许的文件类型");
    await staff1.locator("input[type=file]").setInputFiles({ name: "招标文件.pdf", mimeType: "application/pdf", buffer: PDF });
    await staff1.getByRole("button", { name: "上传", exact: true }).click();
    await expect.poll(() => staff1.locator(".doc-upload .alert--success").innerText()).toContain(sha256(PDF));
    await expect.poll(() => staff1.locator(".doc-list").innerText()).toContain("招标文件.pdf");
    await copyShot(b, staff1, "tenders-lot-draft");

    await staff1.getByRole("button", { name: "提交审核" }).click();
    await copyShot(b, staff1, "tenders-submit-confirm");
    await confirm(staff1);
    await staff1.waitForURL((u) => u.search.includes("done=submitted"));
    await expect.poll(() => staff1.locator(".lot-header [data-status]").innerText()).toBe("待审核");

    // 一审一核: the author sees the lot in the queue but cannot approve it.
    await staff1.goto(url("/staff/reviews"));
    const own = staff1.locator("article", { hasText: projectTitle });
    await expect.poll(() => own.innerText()).toContain("不能由您审核");
    expect(await own.getByRole("button", { name: "审核通过并发布" }).count()).toBe(0);
    await copyShot(b, staff1, "tenders-review-self");

    // ---- staff2 approves: published ----
    const staff2 = await b.page();
    await signIn(staff2, "staff2", DEMO_PASSWORDS.STAFF, { totp: true });
    await staff2.goto(url("/staff/reviews"));
    const card = staff2.locator("article", { hasText: projectTitle });
    await card.getByRole("button", { name: "审核通过并发布" }).click();
    await copyShot(b, staff2, "tenders-approve-confirm");
    await confirm(staff2);
    await staff2.waitForURL((u) => u.pathname === `/staff/lots/${lotId}` && u.search.includes("done=published"));
    await expect.poll(() => staff2.locator(".lot-header [data-status]").innerText()).toBe("公告中");
    await copyShot(b, staff2, "tenders-published");

    // ---- bidder1: register, download, ask ----
    const bidder = await b.page();
    await signIn(bidder, "bidder1", DEMO_PASSWORDS.BIDDER);
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    await bidder.getByRole("button", { name: "登记并获取招标文件" }).click();
    await confirm(bidder);
    await bidder.waitForURL((u) => u.search.includes("done=register"));
    const [download] = await Promise.all([bidder.waitForEvent("download"), bidder.getByRole("link", { name: "招标文件.pdf" }).click()]);
    const got = readFileSync((await download.path())!);
    expect(sha256(got)).toBe(sha256(PDF));
    expect(await e2eQuery(`SELECT 1 FROM "DocumentDownload" d JOIN "LotRegistration" r ON r.id = d."registrationId" WHERE r."lotId" = $1`, [lotId])).toHaveLength(1);

    const question = "第三章工程量清单中排水主管管径是否为 DN800？";
    await bidder.locator("form#ask textarea[name=text]").fill(question);
    await bidder.getByRole("button", { name: "提交问题" }).click();
    await bidder.waitForURL((u) => u.search.includes("done=ask"));
    await copyShot(b, bidder, "tenders-bidder-lot");

    // ---- staff answer (anonymised) ----
    await staff2.goto(url(`/staff/lots/${lotId}/questions`));
    await expect.poll(() => staff2.locator("main").innerText()).toContain(question);
    expect(await staff2.locator("main").innerText()).not.toContain("示范建工集团"); // the asker stays hidden
    await staff2.locator("textarea[name=answer]").fill("是，排水主管管径为 DN800，详见图纸 P-12。");
    await staff2.getByRole("button", { name: "发布澄清公告" }).click();
    await staff2.waitForURL((u) => u.search.includes("done="));
    await bidder.reload();
    await expect.poll(() => bidder.locator("main").innerText()).toContain("详见图纸 P-12");

    // Registered bidders: before the bid deadline not even the centre's staff learn who or how many (SPEC,
    // art. 22); the page says until when.
    await staff2.goto(url(`/staff/lots/${lotId}/bidders`));
    await expect.poll(() => staff2.locator("[data-testid=bidders-sealed]").innerText()).toContain("依法保密");
    expect(await staff2.locator("main").innerText()).not.toContain("示范建工集团");
    await copyShot(b, staff2, "tenders-bidders");

    // ---- ten days later: a change inside the 15-day window moves the deadline ----
    await moveLot(lotId, (l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, new Date(v.getTime() - 10 * DAY)])));
    const [before] = await e2eQuery<{ d: Date }>(`SELECT "bidDeadline" d FROM "Lot" WHERE id = $1`, [lotId]);
    await staff1.goto(url(`/staff/lots/${lotId}/changes`));
    const proposal = staff1.locator(".proposal[data-proposed]");
    await expect.poll(() => proposal.innerText()).toContain("将由系统顺延至");
    const proposed = new Date((await proposal.getAttribute("data-proposed"))!);
    expect(proposed.getTime()).toBeGreaterThan(before!.d.getTime());
    await staff1.locator("textarea[name=body]").fill("因设计变更，投标人资格要求调整如下。");
    await staff1.locator("textarea[name=qualification]").fill("市政公用工程施工总承包一级资质");
    await copyShot(b, staff1, "tenders-change-form");
    await staff1.getByRole("button", { name: "发布变更公告" }).click();
    await confirm(staff1);
    await staff1.waitForURL((u) => u.search.includes("done=moved"));
    const [after] = await e2eQuery<{ d: Date }>(`SELECT "bidDeadline" d FROM "Lot" WHERE id = $1`, [lotId]);
    expect(after!.d.getTime()).toBe(proposed.getTime());
    await copyShot(b, staff1, "tenders-change-done");

    // ---- the public page, the PDFs, the OCDS package ----
    const pub = await b.page();
    await pub.goto(url(`/tenders/${lotId}`));
    const publicText = () => pub.locator("main").innerText();
    await expect.poll(publicText).toContain("变更公告");
    expect(await publicText()).toContain("市政公用工程施工总承包一级资质");
    expect(await publicText()).not.toContain("示范建工集团"); // registrations stay secret
    await copyShot(b, pub, "tenders-public-changed");

    const anns = await e2eQuery<{ id: string; kind: string; title: string }>(
      `SELECT id, kind::text, title FROM "Announcement" WHERE "lotId" = $1 ORDER BY "publishedAt"`,
      [lotId],
    );
    const tender = anns.find((a) => a.kind === "TENDER")!;
    const change = anns.find((a) => a.kind === "CHANGE")!;
    expect((await announcementPdfText(tender.id)).replace(/\s+/g, "")).toContain(`${projectTitle}（第一标段）`);
    const changeText = (await announcementPdfText(change.id)).replace(/\s+/g, "");
    expect(changeText).toContain("变更公告");
    expect(changeText).toContain("顺延");

    const ocds = await fetch(url(`/api/v1/tenders/${lotId}/ocds`));
    expect(ocds.status).toBe(200);
    const pkg = (await ocds.json()) as { releases?: { tender?: { tenderPeriod?: { endDate?: string } } }[] };
    expect(pkg.releases?.length).toBeGreaterThan(0);
    const end = pkg.releases!.at(-1)!.tender?.tenderPeriod?.endDate;
    expect(end && new Date(end).getTime()).toBe(proposed.getTime());

    // ---- the deadline passes by itself ----
    const closeAt = new Date(Date.now() + 6_000);
    await moveLot(lotId, (l) => ({
      ...l,
      objectionCutoff: new Date(Math.min(l.objectionCutoff!.getTime(), closeAt.getTime() - 1_000)),
      clarificationCutoff: new Date(Math.min(l.clarificationCutoff!.getTime(), closeAt.getTime() - 1_000)),
      docsAvailableTo: new Date(Math.min(l.docsAvailableTo!.getTime(), closeAt.getTime() - 1_000)),
      bidDeadline: closeAt,
    }));
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    // Nobody clicks: the scheduled job closes bidding (and, at the same instant, opens the hall).
    await expect
      .poll(
        async () => {
          await bidder.reload();
          return bidder.locator(".lot-header [data-status]").getAttribute("data-status");
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toMatch(/^(BIDDING_CLOSED|OPENING)$/);
    expect(await bidder.locator(".lot-header").innerText()).toMatch(/投标已截止|开标中/);
    const closed = await e2eQuery<{ action: string }>(
      `SELECT action FROM "AuditEntry" WHERE "entityId" = $1 AND action = 'lot.close_bidding'`,
      [lotId],
    );
    expect(closed).toHaveLength(1);
    await copyShot(b, bidder, "tenders-closed");
  });
});

/**
 * 委托代理 (issue 13 item 9): buyer1 revokes the seeded entrustment of the demo agency, and agent1's project
 * form then offers no buyer; buyer1 entrusts the agency again (with a last day) from the workspace tab;
 * agent1 creates a project for that buyer, and a form tampered to name another buyer is refused in words
 * with nothing stored. The entrustment stays in force afterwards (as seeded), so later files are unaffected.
 */
describe("委托代理: the buyer entrusts, the agent creates only for that buyer", () => {
  test("revoke → no buyer offered → entrust → project created; another buyer refused", { timeout: 180_000 }, async () => {
    const agencyName = "示范建设工程招标代理有限公司";
    const buyer = await b.page();
    await signIn(buyer, "buyer1", DEMO_PASSWORDS.STAFF, { totp: true });
    await buyer.goto(url("/staff"));
    await buyer.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "委托代理" }).click();
    await buyer.waitForURL((u) => u.pathname === "/staff/entrustments");
    const row = buyer.locator("tbody tr", { hasText: "有效" }).filter({ hasText: agencyName });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole("button", { name: "撤销委托" }).click();
    await confirm(buyer);
    await buyer.waitForURL((u) => u.search.includes("done=revoked"));
    await expect.poll(() => buyer.locator("tbody tr", { hasText: "有效" }).filter({ hasText: agencyName }).count()).toBe(0);

    // agent1: nobody entrusts the agency now — the form says so and offers no buyer.
    const agent = await b.page();
    await signIn(agent, "agent1", DEMO_PASSWORDS.STAFF, { totp: true });
    await agent.goto(url("/staff/projects/new"));
    await expect.poll(() => agent.locator(".alert--warning").innerText()).toContain("尚无招标人委托本机构");
    expect(await agent.locator("select[name=buyerOrgId] option").count()).toBe(0);

    // buyer1 entrusts the agency again, up to a last day a year ahead.
    await buyer.locator("select[name=agentOrgId]").selectOption({ label: agencyName });
    const through = new Date(Date.now() + 365 * DAY).toISOString().slice(0, 10);
    await buyer.locator("input[name=validThrough]").fill(through);
    await buyer.locator("input[name=note]").fill("委托代理合同 E2E-001");
    await buyer.getByRole("button", { name: "委托", exact: true }).click();
    await buyer.waitForURL((u) => u.search.includes("done=granted"));
    await expect.poll(() => buyer.locator(".alert--success").innerText()).toContain(`已委托「${agencyName}」`);
    await shotBoth(b, buyer, "entrustments-buyer");
    const granted = await e2eQuery<{ action: string }>(
      `SELECT a.action FROM "AuditEntry" a JOIN "AgentEntrustment" e ON e.id::text = a."entityId" WHERE e."revokedAt" IS NULL AND e."validUntil" IS NOT NULL`,
    );
    expect(granted.map((g) => g.action)).toContain("entrustment.granted");

    // agent1: the buyer is offered now, and the project is created for it.
    await agent.goto(url("/staff/projects/new"));
    const offered = await agent.locator("select[name=buyerOrgId] option").allInnerTexts();
    expect(offered).toEqual(["示范市交通运输局"]);
    const code = `WT-E2E-${Date.now().toString().slice(-6)}`;
    await agent.locator("input[name=code]").fill(code);
    await agent.locator("input[name=title]").fill("示范市交通标志标线更新工程");
    await agent.locator("input[name=region]").fill("320500");
    await agent.getByRole("button", { name: "创建项目" }).click();
    await agent.waitForURL((u) => u.pathname === "/staff/lots/new");
    expect(await e2eQuery(`SELECT 1 FROM "Project" p JOIN "Organisation" a ON a.id = p."agentOrgId" WHERE p.code = $1 AND a.name = $2`, [code, agencyName])).toHaveLength(1);

    // Another buyer (not entrusting the agency), named by a tampered form: refused in words, nothing stored.
    const other = `WT-E2E-X${Date.now().toString().slice(-6)}`;
    const [stranger] = await e2eQuery<{ id: string }>(
      `INSERT INTO "Organisation" (id, kind, name, "creditCode", region) VALUES (gen_random_uuid(), 'BUYER', $1, $2, '320500') RETURNING id`,
      [`示范市未委托局${other}`, createHash("sha256").update(other).digest("hex").slice(0, 18).toUpperCase()],
    );
    await agent.goto(url("/staff/projects/new"));
    await agent.locator("select[name=buyerOrgId]").evaluate((el, id) => {
      const o = document.createElement("option");
      o.value = id;
      o.textContent = "tampered";
      el.appendChild(o);
      (el as HTMLSelectElement).value = id;
    }, stranger!.id);
    await agent.locator("input[name=code]").fill(other);
    await agent.locator("input[name=title]").fill("未经委托的项目");
    await agent.locator("input[name=region]").fill("320500");
    await agent.getByRole("button", { name: "创建项目" }).click();
    await expect.poll(() => agent.locator(".form-error").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("未委托本代理机构")]));
    expect(new URL(agent.url()).pathname).toBe("/staff/projects/new");
    expect(await e2eQuery(`SELECT 1 FROM "Project" WHERE code = $1`, [other])).toHaveLength(0);
    await copyShot(b, agent, "entrustments-agent-refused");

    // The agent reads who entrusts it (no manage controls).
    await agent.goto(url("/staff/entrustments"));
    await expect.poll(() => agent.locator("tbody").innerText()).toContain("示范市交通运输局");
    expect(await agent.getByRole("button", { name: "撤销委托" }).count()).toBe(0);
    await shotBoth(b, agent, "entrustments-agent");
  });
});
