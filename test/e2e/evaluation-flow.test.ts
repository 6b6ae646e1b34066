/**
 * Issue 12 (evaluation half), in the browser, for both rule profiles: from an opened lot (the opening and
 * the draw's outcome inserted by the integration fixture openedLotForTest) to the signed report.
 *  - staff1 (TOTP) starts the evaluation from the lot's 评标 tab; 清标 flags the price over the ceiling;
 *  - five drawn experts without accounts sign in with a one-time code sent to their phone (read from the
 *    SMS delivery row, as the gateway would send it); one declares a conflict, the backup takes the seat;
 *  - the committee declares, elects its chair, rejects the over-ceiling bid by majority (ground art. 51(5) /
 *    87号令 art. 63), the chair opens scoring; every member fills the grid (autosave) and submits;
 *  - the worker renders the 评标报告; everyone signs with a fresh code, one with a written dissent;
 *  - the lot is EVALUATED; the report PDF (pdftotext) lists the ranking and every sheet hash;
 *  - supervisor1 watches the evaluation with names; staff see seats only. Screenshots desktop + phone.
 * 工程 run only (kept cheap): the draw seats four experts and leaves one seat for the buyer; a buyer's staff
 * member names a colleague as 招标人代表 on the lot's 评标 tab before the start; the representative signs in
 * with their own account, takes seat 5 with a code to their phone, declares, scores in the grid and signs;
 * the report lists them as 招标人代表, the centre's staff page never shows their name.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { lastCodeSentTo, makeBuyerStaff, openedLotForTest, type OpenedLot } from "../integration/evaluation-fixtures";
import { shotBoth } from "./support/both-widths";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 3);
setDb(db);
const work = mkdtempSync(path.join(tmpdir(), "evaluation-e2e-"));
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

const poll = <T>(fn: () => Promise<T>, timeout = 60_000) => expect.poll(fn, { timeout, interval: 500 });

async function expertSignIn(phone: string, lotId: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await b.page(viewport ? { viewport } : {});
  await page.goto(url("/evaluation/sign-in"));
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByText("验证码已发送").waitFor();
  await page.getByLabel("验证码", { exact: true }).fill(await lastCodeSentTo(db, phone));
  await page.getByRole("button", { name: "登录评标" }).click();
  await page.waitForURL((u) => u.pathname === `/evaluation/${lotId}`);
  return page;
}

const stage = async (lotId: string) => (await db.evaluationSession.findUnique({ where: { lotId } }))?.stage ?? null;

/** Gives a fixture account the demo staff password and TOTP secret (buyer1's), under a fresh username. */
async function loginable(userId: string, username: string) {
  const demo = await db.user.findFirstOrThrow({ where: { username: "buyer1" } });
  await db.user.update({ where: { id: userId }, data: { username, passwordHash: demo.passwordHash, totpSecretEnc: demo.totpSecretEnc, totpEnabled: demo.totpEnabled } });
}

async function run(profile: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT") {
  const tag = profile === "CONSTRUCTION" ? "gc" : "zc";
  const withRep = profile === "CONSTRUCTION";
  const s: OpenedLot = await openedLotForTest(db, { profile, prices: [850_000_00n, 820_000_00n, 880_000_00n, 950_000_00n, 800_000_00n], ...(withRep ? { members: 4, representatives: 1 } : {}) });
  const { lotId } = s;

  // 工程: a buyer's staff member names a colleague as the buyer's representative, from the lot's 评标 tab.
  let rep: { page: Page; phone: string; name: string } | null = null;
  if (withRep) {
    const stamp = Date.now();
    const repUser = await makeBuyerStaff(db, s.buyerOrgId, "王建国");
    await loginable(s.buyerStaff.userId!, `eval-buyer-${stamp}`);
    await loginable(repUser.userId!, `eval-rep-${stamp}`);
    const buyer = await b.page();
    await signIn(buyer, `eval-buyer-${stamp}`, DEMO_PASSWORDS.STAFF, { totp: true });
    await buyer.goto(url(`/staff/lots/${lotId}/evaluation`));
    const section = buyer.getByTestId("representatives");
    await section.locator("select[name=userId]").selectOption({ label: "王建国" });
    await section.getByRole("button", { name: "指定为招标人代表" }).click();
    await expect.poll(() => section.innerText()).toContain("王建国");
    await expect.poll(() => section.innerText()).toContain("已指定 1 名");
    expect(await db.buyerRepresentative.count({ where: { lotId } })).toBe(1);
    await shotBoth(b, buyer, `evaluation-${tag}-representatives`);
    await buyer.close();
    const page = await b.page();
    await signIn(page, `eval-rep-${stamp}`, DEMO_PASSWORDS.STAFF, { totp: true });
    rep = { page, phone: repUser.phone, name: "王建国" };
  }

  // Staff start it.
  const staff = await b.page();
  await signIn(staff, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
  await staff.goto(url(`/staff/lots/${lotId}/evaluation`));
  await staff.getByRole("button", { name: "开始评标" }).click();
  await staff.getByTestId("evaluation-stage").waitFor();

  // The drawn experts sign in with codes; the last of them declares a conflict, the backup takes the seat.
  const members = s.experts.filter((e) => e.role === "MEMBER");
  const pages: Page[] = [];
  for (const [i, e] of members.entries()) pages.push(await expertSignIn(e.phone, lotId, i === 1 ? { width: 390, height: 844 } : undefined));
  const last = members.length - 1;
  await pages[last]!.getByText("声明回避").first().click();
  await pages[last]!.getByLabel("回避原因").fill("本人系投标单位A的前员工，离职未满三年");
  await pages[last]!.getByRole("button", { name: "声明回避" }).click();
  await pages[last]!.getByText("您的评审工作无效").waitFor();
  const backup = s.experts.find((e) => e.role === "BACKUP")!;
  pages[last] = await expertSignIn(backup.phone, lotId);
  // The representative, signed in with their own account, takes seat 5 with a code sent to their phone.
  if (rep) {
    await rep.page.goto(url(`/evaluation/${lotId}`));
    await rep.page.waitForURL((u) => u.pathname === `/evaluation/${lotId}/seat`);
    await rep.page.getByRole("button", { name: "获取验证码" }).click();
    await rep.page.getByText("验证码已发送").waitFor();
    await shotBoth(b, rep.page, `evaluation-${tag}-representative-seat`);
    await rep.page.getByLabel("验证码", { exact: true }).fill(await lastCodeSentTo(db, rep.phone));
    await rep.page.getByRole("button", { name: "登录评标" }).click();
    await rep.page.waitForURL((u) => u.pathname === `/evaluation/${lotId}`);
    pages.push(rep.page);
  }
  for (const p of pages) {
    await p.getByRole("button", { name: "签署：无须回避" }).click();
    await p.getByRole("heading", { name: "投标人及开标报价" }).waitFor();
  }
  // Chair: seat 1, by majority.
  for (const p of pages.slice(0, 3)) {
    await p.reload();
    await p.locator(".evaluation__committee li").first().getByRole("button", { name: "投票" }).click();
    await p.waitForLoadState("networkidle");
    await poll(async () => (await db.evaluationMember.count({ where: { session: { lotId }, chairVoteId: { not: null } } }))).toBeGreaterThan(pages.indexOf(p));
  }
  await poll(() => stage(lotId)).toBe("REVIEW");

  // The over-ceiling bid (4) is rejected by majority on the system's proposal.
  for (const p of pages.slice(0, 3)) {
    await p.reload();
    await p.locator(".evaluation__proposal").getByRole("button", { name: "同意否决" }).click();
    await p.waitForLoadState("networkidle");
  }
  await poll(async () => (await db.evaluationBid.findFirst({ where: { session: { lotId }, ordinal: 4 } }))?.status).toBe("REJECTED");
  await pages[0]!.reload();
  await copyShot(b, pages[0]!, `evaluation-${tag}-review`);
  await pages[0]!.getByRole("button", { name: "结束初步评审，进入详细评审" }).click();
  await poll(() => stage(lotId)).toBe("SCORING");

  // Every member fills the grid (autosaved) and submits.
  for (const [i, p] of pages.entries()) {
    await p.reload();
    const cells = p.locator("input.evaluation__cell");
    const n = await cells.count();
    expect(n).toBe(4 * 3);
    for (let k = 0; k < n; k++) {
      const label = (await cells.nth(k).getAttribute("aria-label")) ?? "";
      const max = label.includes("技术方案") ? 35 : label.includes("企业业绩") ? 15 : 10;
      await cells.nth(k).fill(String(Math.round(max * (0.7 + ((k + i) % 4) * 0.07))));
    }
    if (i === 0) {
      // A score out of range is refused inline and not saved.
      await cells.nth(0).fill("99");
      await p.getByText("分值超出范围").first().waitFor();
      await copyShot(b, p, `evaluation-${tag}-grid-error`, { viewport: true });
      await cells.nth(0).fill("30");
    }
    await cells.nth(n - 1).blur();
    await p.getByText(/已自动保存/).waitFor({ timeout: 30_000 });
    // The text may still be an earlier save's while the last one waits out its debounce: submit only once the
    // stored draft has every cell (and, for seat 1, the corrected 30), as a member would see the grid saved.
    const seated = await db.evaluationMember.findFirstOrThrow({ where: { session: { lotId }, seat: i + 1, status: "SEATED" } });
    await poll(async () => {
      const cellsSaved = Object.values(((await db.scoreSheet.findUnique({ where: { memberId: seated.id } }))?.scores ?? {}) as Record<string, Record<string, string>>).flatMap((r) => Object.values(r));
      return cellsSaved.filter((v) => v !== "").length === n && (i !== 0 || cellsSaved.includes("30"));
    }, 30_000).toBe(true);
    await p.getByText(/已自动保存/).waitFor({ timeout: 30_000 });
    if (i === 1) await copyShot(b, p, `evaluation-${tag}-grid-phone`, { viewport: true });
    if (i === 0) await copyShot(b, p, `evaluation-${tag}-grid`);
    if (rep && p === rep.page) await shotBoth(b, p, `evaluation-${tag}-grid-representative`);
    await p.getByRole("button", { name: "提交并封存评分表" }).click();
    await p.getByText("评分表已提交封存").waitFor();
  }
  await poll(() => stage(lotId)).toBe("SIGNING");

  // The supervisor watches, with names; staff see seats only.
  const sup = await b.page();
  await signIn(sup, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
  await sup.goto(url(`/supervision/evaluations/${lotId}`));
  await sup.getByText("评标专家").first().waitFor();
  await copyShot(b, sup, `evaluation-${tag}-supervisor`);
  await staff.reload();
  expect(await staff.locator("main, body").first().innerText()).not.toMatch(/评标专家\d/);
  if (rep) {
    // The centre's staff see a representative's seat and the count, never the name.
    expect(await staff.locator("main").innerText()).toContain("招标人代表");
    expect(await staff.locator("main").innerText()).not.toContain(rep.name);
  }
  await copyShot(b, staff, `evaluation-${tag}-staff`);

  // The worker renders the report; everyone signs with a fresh code; seat 3 dissents.
  await poll(async () => (await db.evaluationSession.findUnique({ where: { lotId } }))?.reportSha256 ?? null, 120_000).not.toBeNull();
  const phones = [...members.slice(0, last).map((e) => e.phone), backup.phone, ...(rep ? [rep.phone] : [])];
  for (const [i, p] of pages.entries()) {
    await p.reload();
    await p.getByRole("button", { name: "获取签署验证码" }).click();
    await p.getByText("签署验证码已发送").waitFor();
    await p.getByLabel("验证码").fill(await lastCodeSentTo(db, phones[i]!, "evaluation:notify.signingCode"));
    if (i === 2) await p.getByLabel(/不同意见/).fill("本人认为投标单位D超过最高限价应否决，但对技术方案评分尺度有保留意见。");
    if (i === 4) await copyShot(b, p, `evaluation-${tag}-sign`);
    await p.getByRole("button", { name: "确认签署" }).click();
    await p.getByText(i === 2 ? "您已以不同意见签署" : "您已签署").waitFor();
  }
  await poll(async () => (await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe("EVALUATED");

  // The report PDF, as a member downloads it: ranking and every sheet hash.
  const res = await pages[0]!.request.get(url(`/evaluation/${lotId}/report.pdf`));
  expect(res.status()).toBe(200);
  const file = path.join(work, `${tag}.pdf`);
  writeFileSync(file, await res.body());
  const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain("八、经评审的投标人排序");
  expect(text).toMatch(/第 1 名/);
  const sheets = await db.scoreSheet.findMany({ where: { sessionId: (await db.evaluationSession.findUniqueOrThrow({ where: { lotId } })).id, status: "SUBMITTED" } });
  expect(sheets).toHaveLength(5);
  for (const sh of sheets) expect(text).toContain(sh.sha256!);
  if (profile === "GOVERNMENT_PROCUREMENT") expect(text).toContain("财政部令第87号）第五十五条");
  if (rep) expect(text).toMatch(new RegExp(`委员 5 ${rep.name} 招标人代表`));
  // Staff cannot read the report (it names the experts): 404.
  expect((await staff.request.get(url(`/evaluation/${lotId}/report.pdf`))).status()).toBe(404);
  const outcome = await db.evaluationOutcome.findUniqueOrThrow({ where: { lotId } });
  expect((outcome.outcome as { committee: { signature: string }[] }).committee.map((m) => m.signature)).toContain("DISSENTED");
}

describe("evaluation in the browser", () => {
  test("工程建设: code sign-in, conflict and backup, 否决, scoring grid, signed report", { timeout: 600_000 }, async () => {
    await run("CONSTRUCTION");
  });
  test("政府采购 with the 87号令 price formula", { timeout: 600_000 }, async () => {
    await run("GOVERNMENT_PROCUREMENT");
  });
});
