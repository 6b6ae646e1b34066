import type { Page } from "playwright-core";
import { SHOTS, type BrowserHandle } from "./browser";
import { copyShot } from "./shots";

/** Screenshots at desktop width (as the page is) and at a phone's (390 px), back to desktop afterwards. */
export async function shotBoth(b: BrowserHandle, page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await copyShot(b, page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await copyShot(b, page, `${name}-phone`);
  } finally {
    await page.setViewportSize(size);
  }
}
