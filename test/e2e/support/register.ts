import type { Page } from "playwright-core";
import { expect } from "vitest";
import { url } from "./browser";
import { e2eQuery } from "./sign-in";

/**
 * After /register answered "申请已提交" (issue 13 item 9): opens the confirmation link the portal e-mailed to
 * `email` (read from its delivery record, as the dev mailbox shows it) and confirms; resolves on "注册成功".
 */
export async function confirmRegistrationFromMail(page: Page, email: string): Promise<void> {
  let link: string | null = null;
  await expect
    .poll(
      async () => {
        const [d] = await e2eQuery<{ link: string | null }>(
          `SELECT link FROM "NotificationDelivery" WHERE address = $1 AND template = 'accounts:notify.registrationConfirm' ORDER BY "createdAt" DESC LIMIT 1`,
          [email],
        );
        link = d?.link ?? null;
        return link;
      },
      { timeout: 10_000 },
    )
    .not.toBeNull();
  await page.goto(url(link!));
  await expect.poll(() => page.getByRole("heading", { name: "确认企业注册" }).isVisible()).toBe(true);
  await page.getByRole("button", { name: "确认注册" }).click();
  await expect.poll(() => page.getByRole("heading", { name: "注册成功" }).isVisible()).toBe(true);
}
