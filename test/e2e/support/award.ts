/**
 * The award tab as staff drive it in the award e2e tests (工程 and 政府采购): an intent posted from
 * /staff/lots/:id/award and its ?done= answer, a refusal shown next to the form, and the refund register
 * worked through row by row.
 */
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";
import type { Db } from "~/lib/db.server";
import { LocalDiskStorage } from "~/lib/storage.server";
import { url } from "./browser";

type Fill = (p: Page) => Promise<void>;

/** Posts `intent` from the award tab (after `fill`) and waits for the page to say it was done. */
export async function awardAct(staff: Page, lotId: string, intent: string, fill?: Fill) {
  await staff.goto(url(`/staff/lots/${lotId}/award`));
  if (fill) await fill(staff);
  await staff.locator(`button[name=intent][value=${intent}]`).first().click();
  await staff.waitForURL((u) => u.searchParams.get("done") === intent, { timeout: 60_000 });
}

/** Posts `intent` from the award tab and expects its refusal, in the words given, next to the form. */
export async function awardRefused(staff: Page, lotId: string, intent: string, message: string, fill?: Fill) {
  await staff.goto(url(`/staff/lots/${lotId}/award`));
  if (fill) await fill(staff);
  await staff.locator(`button[name=intent][value=${intent}]`).first().click();
  await expect.poll(() => staff.getByTestId("award-errors").innerText().catch(() => "")).toContain(message);
}

/**
 * Records every bond refund from its own row of the register, as the form offers it (date, bond with its
 * interest), with the bank references `<prefix>0`, `<prefix>1`, …; checks each row stored the full amount.
 */
export async function refundEveryBond(staff: Page, db: Db, lotId: string, referencePrefix: string) {
  const refunds = await db.bondRefund.findMany({ where: { lotId }, orderBy: { bidderName: "asc" } });
  for (const [i, r] of refunds.entries()) {
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    const row = staff.locator("form", { has: staff.locator(`input[name=refundId][value="${r.id}"]`) });
    await row.locator("input[name=reference]").fill(`${referencePrefix}${i}`);
    await row.locator("button[name=intent][value=refund]").click();
    await staff.waitForURL((u) => u.searchParams.get("done") === "refund", { timeout: 60_000 });
    const after = await db.bondRefund.findUniqueOrThrow({ where: { id: r.id } });
    expect(after.reference).toBe(`${referencePrefix}${i}`);
    // Bond and the interest to the refund day (cash bonds), nothing more, nothing less.
    expect(after.refundedFen).toBe(after.bondFen + after.interestFen);
  }
  return refunds;
}

/**
 * The fixture's bid rows have no sealed file: stores one for each where the e2e server (and its worker, which
 * puts them into the case archive) reads them, with the size and hash the rows record.
 */
export async function storeBidFiles(db: Db, bidIds: string[]) {
  const storage = new LocalDiskStorage(inject("e2eStorageDir"));
  for (const id of bidIds) {
    const bid = await db.bid.findUniqueOrThrow({ where: { id } });
    const put = await storage.put(bid.storageKey, randomBytes(1024));
    await db.bid.update({ where: { id }, data: { size: BigInt(put.size), ciphertextSha256: put.sha256 } });
  }
}
