/**
 * The development mailbox (issue 16 §10): with no real SMTP server, `npm start` (and this e2e portal) runs a
 * local SMTP sink; what the portal sends arrives there through the real notification path (outbox → worker
 * → SMTP), and the system administrator reads it at /admin/mail, from the admin's own navigation.
 */
import { inject } from "vitest";
import { describe, expect, test } from "vitest";
import { notify } from "~/domain/notify/notify";
import { createDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 1);

describe("development mailbox", () => {
  test("an e-mail the portal sends is readable by the system administrator at /admin/mail", async () => {
    const marker = `mailbox-${Date.now()}@example.com`;
    // The same call the complaint-acceptance path makes; the worker delivers it over SMTP to the sink.
    await db.$transaction((tx) =>
      notify(tx, {
        recipients: { contacts: [{ email: marker }] },
        template: "supervision:notify.complaintAccepted",
        channels: ["email"],
        dedupeKey: `e2e-dev-mailbox-${marker}`,
      }),
    );
    await expect
      .poll(async () => (await db.notificationDelivery.findFirst({ where: { address: marker } }))?.status, { timeout: 30_000 })
      .toBe("SENT");

    const page = await b.page();
    await signIn(page, "sysadmin", DEMO_PASSWORDS.SYSTEM_ADMIN, { totp: true });
    await page.getByRole("navigation").getByRole("link", { name: "开发邮箱" }).first().click();
    await page.waitForURL((u) => u.pathname === "/admin/mail");
    await expect.poll(() => page.locator("h1").innerText()).toBe("开发邮箱");
    const item = page.locator(".dev-mail__item", { hasText: marker });
    await expect.poll(() => item.count()).toBe(1);
    await item.locator("summary").click();
    await expect.poll(() => item.locator(".dev-mail__body").innerText()).toContain("您的投诉已受理");
    await expect.poll(() => item.locator("summary").innerText()).toContain("投诉已受理");
    await b.screenshot(page, "admin-dev-mailbox");
    await page.setViewportSize({ width: 390, height: 844 });
    await b.screenshot(page, "admin-dev-mailbox-phone");
  });

  test("other roles cannot read the mailbox", async () => {
    const page = await b.page();
    await signIn(page, "bidder1", DEMO_PASSWORDS.BIDDER);
    const res = await page.goto(url("/admin/mail"));
    expect(res?.status()).toBe(403);
  });
});
