/**
 * The expert's self-service profile in a browser: expert1 (seeded, linked to a pool record) opens
 * /expert/profile from the nav, sees the record (masked ID number, code, specialties), gets a localized
 * field error for a bad credit code without anything saved, then records a leave period.
 */
import { describe, expect, test } from "vitest";
import { toDatetimeLocal } from "~/lib/time";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const DAY = 86_400_000;

describe("expert profile", () => {
  // Four sign-ins (expert, buyer staff, expert administrator) with TOTP on a loaded machine: a generous bound.
  test("view, refused edit, leave", { timeout: 240_000 }, async () => {
    const page = await b.page();
    await signIn(page, "expert1", DEMO_PASSWORDS.EXPERT);
    await page.goto(url("/expert"));
    await page.getByRole("link", { name: "我的专家信息" }).first().click();
    await page.waitForURL(/\/expert\/profile$/);
    const record = page.locator("section", { has: page.getByRole("heading", { name: "登记信息" }) });
    await expect.poll(() => record.innerText()).toMatch(/\*{4,}/); // the masked ID number, never the full one

    const [before] = await e2eQuery<{ cc: string }>(`SELECT "employerCreditCode" AS cc FROM "Expert" e JOIN "User" u ON u.id = e."userId" WHERE u.username = 'expert1'`);
    const cc = page.getByLabel("统一社会信用代码");
    await cc.fill("91350100M000100Y44");
    await page.getByRole("button", { name: "保存" }).click();
    // Validated in the browser by the shared schema (and again by the server): the field's own error.
    await expect.poll(() => page.locator("form#expert-profile .form-error").first().innerText().catch(() => "")).toMatch(/校验/);
    const [after] = await e2eQuery<{ cc: string }>(`SELECT "employerCreditCode" AS cc FROM "Expert" e JOIN "User" u ON u.id = e."userId" WHERE u.username = 'expert1'`);
    expect(after!.cc).toBe(before!.cc);

    await page.goto(url("/expert/profile"));
    await page.locator("form#expert-leave input[name=startsAt]").fill(toDatetimeLocal(new Date(Date.now() + 20 * DAY)));
    await page.locator("form#expert-leave input[name=endsAt]").fill(toDatetimeLocal(new Date(Date.now() + 22 * DAY)));
    await page.getByLabel("事由（可选）").fill("外地出差");
    await page.getByRole("button", { name: "登记时段" }).click();
    await page.waitForURL(/done=leaveAdded/);
    await expect.poll(() => page.getByRole("status").innerText()).toContain("已登记");
    await expect.poll(() => page.locator("#leave tbody").innerText()).toContain("外地出差");
    await copyShot(b, page, "expert-profile");

    // A specialty change is only a request: the expert administrator applies it on /staff/experts (audited).
    await page.locator("form#expert-specialty-request input[value=A0102]").check();
    await page.getByLabel("理由说明").fill("已取得结构专业高级职称");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/done=requested/);
    await expect.poll(() => page.getByRole("status").innerText()).toContain("已提交专业变更申请");
    const codes = () =>
      e2eQuery<{ code: string }>(
        `SELECT s."specialtyCode" AS code FROM "ExpertSpecialty" s JOIN "Expert" e ON e.id = s."expertId" JOIN "User" u ON u.id = e."userId" WHERE u.username = 'expert1' ORDER BY 1`,
      ).then((r) => r.map((x) => x.code));
    expect(await codes()).not.toContain("A0102");

    // Trade staff (the centre's and the buyer's) get nothing of the pool (issue 13): the pool is the expert
    // administrator's, who sees phone numbers masked and reveals one with a logged reason.
    const buyer = await b.page();
    await signIn(buyer, "buyer1", DEMO_PASSWORDS.STAFF, { totp: true });
    expect((await buyer.goto(url("/staff/experts")))?.status()).toBe(403);
    const staff = await b.page();
    await signIn(staff, "expertadmin", DEMO_PASSWORDS.EXPERT_ADMIN, { totp: true });
    await staff.goto(url("/staff/experts"));
    const [pooled] = await e2eQuery<{ phone: string }>(`SELECT phone FROM "Expert" ORDER BY code LIMIT 1`);
    const first = staff.locator("tbody tr", { has: staff.locator("summary") }).first();
    expect(await staff.locator("main").innerText()).not.toContain(pooled!.phone);
    await first.locator("summary").click();
    await first.getByLabel("查看事由（记入日志）").fill("核实专家联系方式");
    await first.getByRole("button", { name: "查看完整联系方式" }).click();
    await expect.poll(() => staff.locator("main").innerText()).toContain(pooled!.phone);
    const [revealed] = await e2eQuery<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE action = 'expert.contact_revealed' AND detail->>'reason' = '核实专家联系方式'`);
    expect(revealed!.n).toBe(1);
    await copyShot(b, staff, "expert-pool-revealed", { viewport: true });
    const row = staff.locator("#requests tbody tr", { hasText: "已取得结构专业高级职称" });
    await expect.poll(() => row.count()).toBe(1);
    await copyShot(b, staff, "expert-profile-staff-requests", { viewport: true });
    await row.getByRole("button", { name: "采纳并修改专业" }).click();
    await staff.waitForURL(/request=applied/);
    await expect.poll(() => codes()).toContain("A0102");
    const [audit] = await e2eQuery<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE action = 'expert.specialties_changed' AND detail->>'added' = 'A0102'`);
    expect(audit!.n).toBeGreaterThanOrEqual(1);
  });
});
