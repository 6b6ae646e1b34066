/**
 * Issue 5 "Done when", in the browser and on the command line:
 *  - staff1 (password + TOTP) requests an expert draw for a lot on /staff/draws/new; the commitment is shown;
 *  - supervisor1 (another browser context) enters entropy on /supervision/draws/:id and the draw runs;
 *  - the staff page shows seats, statuses and counts only (no expert name, no expert code), the supervisor
 *    page shows names;
 *  - a drawn expert logs in (own context) and declines on /expert; the worker calls the next backup of the
 *    same specialty by itself (audited as SYSTEM) — the supervisor page shows it after a reload;
 *  - the supervisors' record PDF (with names) and, after the centre's staff confirm the draw (names stay
 *    sealed), the staff copy rendered by the worker download and render (pdftotext: 专家抽取记录, commitment);
 *  - with the result, the public proof page reveals seed, entropy and the eligible lists, and `npm run draw:verify -- <id>`
 *    replays the draw and prints the same selection.
 *
 * Set-up through the database (documented shortcut, no UI for it): a lot whose bidding closed an hour ago
 * (publication and bidding are covered by tenders-flow and bids-flow) with three bidders registered, and a
 * login account for every expert of the drawn specialty A0101 (the seed links only expert1; who is drawn is
 * random, so whoever is drawn must be able to log in). The draw itself is untouched by the set-up.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { hashPassword } from "~/domain/accounts/password-hash";
import { shanghaiDate } from "~/domain/rules/dates";
import { nthWorkingDayAfter } from "~/domain/rules/working-days";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { createDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
const work = mkdtempSync(path.join(tmpdir(), "draw-flow-"));
afterAll(async () => {
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

const ROOT = path.resolve(".");
const HOUR = 3_600_000;
const ENTROPY = "骰子 3-5-6-1-2-4 · 钞票 FK27318845";
let lotId = "";
let evaluationLocal = ""; // datetime-local value, Beijing time

beforeAll(async () => {
  const user = (username: string) => db.user.findUniqueOrThrow({ where: { username } });
  const [staff1, staff2] = await Promise.all([user("staff1"), user("staff2")]);
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: buyer.id, authorId: staff1.id, reviewerId: staff2.id },
    { docsFrom: new Date(Date.now() - 3 * HOUR), docsTo: new Date(Date.now() - 2 * HOUR), deadline: new Date(Date.now() - HOUR) },
    `E2E-DRAW-${Date.now().toString(36).toUpperCase()}`,
  );
  lotId = lot.id;
  await db.lot.update({ where: { id: lotId }, data: { status: "BIDDING_CLOSED" } });
  // Three bidders: experts employed by them are avoided (the demo pool has some at bidder3's credit code).
  for (const name of ["bidder1", "bidder2", "bidder3"]) {
    const u = await user(name);
    await db.lotRegistration.create({ data: { lotId, bidderOrgId: u.orgId, userId: u.id } });
  }

  // A login for every expert of A0101 that has none (same demo password, no second factor for experts).
  const employer = await db.organisation.findFirstOrThrow({ where: { name: "示范市建筑设计研究院" } });
  const hash = await hashPassword(DEMO_PASSWORDS.EXPERT);
  const pool = await db.expert.findMany({ where: { userId: null, specialties: { some: { specialtyCode: "A0101" } } }, orderBy: { code: "asc" } });
  for (const e of pool) {
    const username = `e2e-${e.code.toLowerCase()}`;
    const u = await db.user.create({
      data: { orgId: employer.id, role: "EXPERT", username, displayName: e.name, email: `${username}@experts.example.cn`, passwordHash: hash, passwordChangedAt: new Date() },
    });
    await db.expert.update({ where: { id: e.id }, data: { userId: u.id } });
  }

  // Evaluation at 09:30 on the next working day: after the opening and within 2 working days of the draw.
  const { calendar } = await loadTenderRules(db);
  evaluationLocal = `${nthWorkingDayAfter(calendar, shanghaiDate(new Date()), 1)}T09:30`;
});

/** Reloads until `check` holds (the worker acts in the background; a person would reload too). */
async function reloadUntil(page: Page, check: () => Promise<boolean>, timeout = 30_000) {
  await expect
    .poll(async () => (await check()) || (await page.reload(), check()), { timeout, interval: 500 })
    .toBe(true);
}

function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

interface Seat { id: string; code: string; name: string; username: string | null; specialtyCode: string; role: string; rank: number; status: string; replacesId: string | null }
async function seats(drawId: string): Promise<Seat[]> {
  const rows = await db.drawMember.findMany({ where: { drawId }, orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }] });
  const experts = await db.expert.findMany({ where: { id: { in: rows.map((r) => r.expertId) } } });
  const users = await db.user.findMany({ where: { id: { in: experts.flatMap((e) => (e.userId ? [e.userId] : [])) } }, select: { id: true, username: true } });
  const byId = new Map(experts.map((e) => [e.id, e]));
  const usernameOf = new Map(users.map((u) => [u.id, u.username]));
  return rows.map((r) => {
    const e = byId.get(r.expertId)!;
    return { id: r.id, code: e.code, name: e.name, username: (e.userId && usernameOf.get(e.userId)) || null, specialtyCode: r.specialtyCode, role: r.role, rank: r.rank, status: r.status, replacesId: r.replacesId };
  });
}

describe("expert draw", () => {
  // About 30 s on an idle machine; the margin is for a loaded one (worker jobs, PDF rendering, a CLI run).
  test("request → entropy → sealed/open views → decline and automatic backup → record PDFs → final → public replay", { timeout: 180_000 }, async () => {
    // 1. Staff request the draw: specialties and counts only, no field can name an expert.
    // Staff and the supervisor sign in side by side (two browsers, as in the 专家抽取室).
    const [staff, sup] = await Promise.all([b.page(), b.page()]);
    await Promise.all([
      signIn(staff, "staff1", DEMO_PASSWORDS.STAFF, { totp: true }),
      signIn(sup, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true }),
    ]);
    await staff.goto(url(`/staff/draws/new?lot=${lotId}`));
    await staff.getByLabel("评标委员会总人数").fill("5");
    await staff.getByLabel("专业", { exact: true }).first().selectOption("A0101");
    await staff.getByLabel("评委人数").fill("3");
    await staff.getByLabel("备选人数").fill("2");
    await staff.getByRole("button", { name: "+ 增加专业" }).click();
    await staff.getByLabel("专业", { exact: true }).nth(1).selectOption("A0103");
    await staff.getByLabel("评委人数").nth(1).fill("2");
    await staff.getByLabel("备选人数").nth(1).fill("1");
    await staff.getByLabel("评标时间（北京时间）").fill(evaluationLocal);
    await staff.getByLabel("评标地点").fill("示范市公共资源交易中心 3 楼评标室 305");
    await copyShot(b, staff, "draw-request");
    await staff.getByRole("button", { name: "提交抽取申请" }).click();
    await staff.waitForURL(/\/staff\/draws\/[0-9a-f-]{36}\?done=requested/).catch(async (e: unknown) => {
      await copyShot(b, staff, "draw-request-failed");
      throw e;
    });
    const drawId = /\/staff\/draws\/([0-9a-f-]{36})/.exec(staff.url())![1]!;
    const draw = await db.draw.findUniqueOrThrow({ where: { id: drawId }, include: { pools: { orderBy: { position: "asc" } } } });
    expect(draw.status).toBe("AWAITING_ENTROPY");
    expect(draw.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(draw.pools.map((p) => [p.specialtyCode, p.members, p.backups])).toEqual([["A0101", 3, 2], ["A0103", 2, 1]]);
    expect(await staff.locator(".draw-hash").innerText()).toBe(draw.commitment);
    await expect.poll(() => staff.getByRole("status").innerText()).toContain("抽取申请已提交");
    // The avoidance counts are on the page; the bidders' employees were avoided.
    const avoidance = draw.avoidance as Record<string, number>;
    expect(avoidance.bidder).toBeGreaterThan(0);
    expect(await staff.locator("#avoid-h + table").innerText()).toContain(String(avoidance.eligible));
    await copyShot(b, staff, "draw-staff-requested");

    // 2. The supervisor, in another browser, finds the draw waiting and adds entropy: the draw runs at once.
    await sup.goto(url("/supervision/draws"));
    const awaiting = sup.locator("section", { has: sup.getByRole("heading", { name: /待输入随机数/ }) });
    await awaiting.getByRole("link", { name: /E2E-DRAW-/ }).click();
    await sup.waitForURL(new RegExp(`/supervision/draws/${drawId}$`));
    expect(await sup.locator(".draw-hash").innerText()).toBe(draw.commitment);
    await sup.getByLabel("随机数", { exact: true }).fill(ENTROPY);
    await copyShot(b, sup, "draw-supervisor-entropy");
    await sup.getByRole("button", { name: "输入并抽取" }).click();
    await sup.waitForURL(/\?drawn=5-3$/);
    await expect.poll(() => sup.getByRole("status").innerText()).toContain("5 名评委已通知，3 名备选待命");

    const drawn = await seats(drawId);
    expect(drawn).toHaveLength(8);
    expect(drawn.filter((s) => s.role === "MEMBER").every((s) => s.status === "NOTIFIED")).toBe(true);
    expect(drawn.filter((s) => s.role === "BACKUP").every((s) => s.status === "STANDBY")).toBe(true);
    // Supervisor: every drawn name and code is on the page.
    const supText = await sup.locator("main").innerText();
    for (const s of drawn) {
      expect(supText).toContain(s.name);
      expect(supText).toContain(s.code);
    }
    await copyShot(b, sup, "draw-supervisor-drawn");

    // 3. Staff: the same draw, sealed — statuses and counts, not one name or code (not even in the HTML).
    await staff.goto(url(`/staff/draws/${drawId}`));
    await expect.poll(() => staff.locator("#seats-h").innerText()).toContain("8 个席位");
    const staffHtml = await staff.content();
    for (const s of drawn) {
      expect(staffHtml).not.toContain(s.name);
      expect(staffHtml).not.toContain(s.code);
    }
    const counts = await staff.locator(".draw-counts").innerText();
    expect(counts).toMatch(/已通知，待答复\s*5/);
    expect(counts).toMatch(/备选待命\s*3/);
    await expect.poll(() => staff.getByText("专家姓名和编号对业务人员保密").isVisible()).toBe(true);
    await copyShot(b, staff, "draw-staff-sealed");

    // 4. A drawn A0101 member logs in and declines; the worker calls the first A0101 backup by itself.
    const decliner = drawn.find((s) => s.specialtyCode === "A0101" && s.role === "MEMBER")!;
    const backup = drawn.find((s) => s.specialtyCode === "A0101" && s.role === "BACKUP" && s.rank === 3)!;
    expect(decliner.username).toBeTruthy();
    const exp = await b.page();
    await signIn(exp, decliner.username!, DEMO_PASSWORDS.EXPERT);
    await exp.goto(url("/expert"));
    const call = exp.locator("section.draw-assignment");
    await expect.poll(() => call.count()).toBe(1);
    const callText = await call.innerText();
    expect(callText).toContain("示范市公共资源交易中心 3 楼评标室 305");
    expect(callText).toContain("A0101");
    expect(callText).not.toContain("E2E-DRAW-"); // never the lot
    await copyShot(b, exp, "draw-expert-call");
    await call.getByLabel("不能参加的理由").fill("当日已有外地评审任务");
    await call.getByRole("button", { name: "不能参加" }).click();
    await exp.waitForURL(/\/expert\?done=decline$/);
    await expect.poll(() => exp.getByRole("status").innerText()).toContain("系统将通知备选专家");
    await copyShot(b, exp, "draw-expert-declined");

    await sup.goto(url(`/supervision/draws/${drawId}`)); // without the one-off "drawn" banner
    const backupRow = sup.locator("tbody tr", { hasText: backup.code });
    await reloadUntil(sup, async () => (await backupRow.innerText()).includes("已通知，待答复"));
    expect(await backupRow.innerText()).toContain("替补");
    expect(await sup.locator("tbody tr", { hasText: decliner.code }).innerText()).toContain("已拒绝");
    const called = (await seats(drawId)).find((s) => s.id === backup.id)!;
    expect(called).toMatchObject({ status: "NOTIFIED", replacesId: decliner.id });
    const [audit] = await db.auditEntry.findMany({ where: { action: "draw.backup_called", entityId: backup.id } });
    expect(audit?.actorRole).toBe("SYSTEM");
    await copyShot(b, sup, "draw-supervisor-backup-called");

    // 5. The supervisors' record (with names), rendered on request.
    const sealedRes = await sup.request.get(url(`/supervision/draws/${drawId}/record.pdf`));
    expect(sealedRes.status()).toBe(200);
    expect(sealedRes.headers()["content-type"]).toBe("application/pdf");
    const sealedText = pdfText(await sealedRes.body(), "sealed.pdf");
    expect(sealedText).toContain("专家抽取记录");
    expect(sealedText.replace(/\s+/g, "")).toContain(draw.commitment);
    expect(sealedText).toContain(decliner.name);

    // 6. The centre's staff confirm the draw (after the deadline, with a tick): the staff copy of the
    // record is rendered; the names stay sealed (issue 13: confirming unseals nothing).
    await staff.reload();
    await staff.getByRole("checkbox", { name: /确认抽取结果/ }).check();
    await staff.getByRole("button", { name: "确认抽取结果" }).click();
    await staff.waitForURL(/\?done=finalize$/);
    await expect.poll(() => staff.getByRole("status").innerText()).toContain("抽取结果已确认");
    expect(await staff.locator("main").innerText()).not.toContain(decliner.name);
    expect((await (await staff.request.get(url(`/draws/${drawId}/proof.json`))).json()).serverSeed).toBeNull();
    const recordLink = staff.getByRole("link", { name: /专家抽取记录表（PDF/ });
    await reloadUntil(staff, () => recordLink.isVisible(), 45_000);
    await copyShot(b, staff, "draw-staff-final");
    const recordRes = await staff.request.get(new URL((await recordLink.getAttribute("href"))!, staff.url()).toString());
    expect(recordRes.status()).toBe(200);
    const recordText = pdfText(await recordRes.body(), "record.pdf");
    expect(recordText).toContain("专家抽取记录");
    expect(recordText.replace(/\s+/g, "")).toContain(draw.commitment);
    expect(recordText).not.toContain(decliner.name); // the staff copy carries no names

    // 7. With the result (中标候选人公示; set through the database, evaluation is not part of this flow) the
    // public proof, for anyone (no login): seed, entropy, the server's own replay, the lists.
    await db.lot.update({ where: { id: lotId }, data: { status: "CANDIDATES_PUBLICITY" } });
    const pub = await b.page();
    await pub.goto(url(`/draws/${drawId}/proof`));
    for (const summary of await pub.locator("details > summary").all()) await summary.click(); // the eligible lists
    const proofText = await pub.locator("main").innerText();
    expect(proofText).toContain(draw.commitment);
    expect(proofText).toContain(ENTROPY);
    // The replay runs in the visitor's browser (issue 16 item 9), with the server's own algorithm.
    await pub.getByTestId("proof-replay-result").getByText("验证通过").waitFor({ timeout: 30_000 });
    const proof = (await (await pub.request.get(url(`/draws/${drawId}/proof.json`))).json()) as {
      serverSeed: string;
      pools: { specialtyCode: string; codes: string[] }[];
      selection: { specialtyCode: string; members: string[]; backups: string[] }[];
    };
    expect(proof.serverSeed).toMatch(/^[0-9a-f]{64}$/);
    expect(proofText).toContain(proof.serverSeed);
    for (const p of proof.pools) for (const code of p.codes) expect(proofText).toContain(code);
    for (const s of drawn) expect(proofText).not.toContain(s.name); // codes only, never a person
    await copyShot(b, pub, "draw-proof");

    // The selection as recorded (seat codes by specialty, rank order) is what the proof publishes…
    const bySpec = (spec: string, role: string) => drawn.filter((s) => s.specialtyCode === spec && s.role === role).map((s) => s.code);
    expect(proof.selection).toEqual(
      ["A0101", "A0103"].map((spec) => ({ specialtyCode: spec, members: bySpec(spec, "MEMBER"), backups: bySpec(spec, "BACKUP") })),
    );

    // 8. …and draw:verify, from the public data alone, replays it to the same selection.
    const out = execFileSync("npm", ["run", "--silent", "draw:verify", "--", drawId], {
      cwd: ROOT,
      // The portal's secret: the server seed is stored encrypted with it.
      env: { ...process.env, DATABASE_URL: inject("e2eDatabaseUrl"), APP_SECRET: inject("e2eAppSecret") },
      encoding: "utf8",
    });
    expect(out).toContain(`commitment  ${draw.commitment}`);
    for (const spec of ["A0101", "A0103"]) {
      const line = out.split("\n").find((l) => l.startsWith(spec))!;
      expect(line.replace(/\s+/g, " ")).toBe(`${spec} members ${bySpec(spec, "MEMBER").join(" ")} backups ${bySpec(spec, "BACKUP").join(" ")}`);
    }
    expect(out).toMatch(/^OK — /m);
  });
});
