/**
 * Screenshots of key pages: screenshots/e2e-<name>.png (gitignored), and a copy into the project notes'
 * shots folder when it exists (SHOTS_COPY_DIR, default /work/notes/shots), where reviewers look at them.
 * `viewport: true` keeps only what the first screen shows (long tables make full-page shots unreadable).
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { SHOTS, type BrowserHandle } from "./browser";

const COPY_DIR = process.env.SHOTS_COPY_DIR ?? "/work/notes/shots";

export async function copyShot(b: BrowserHandle, page: Page, name: string, opts: { viewport?: boolean } = {}): Promise<string> {
  let file: string;
  if (!SHOTS) return path.resolve("screenshots", `e2e-${name}.png`);
  if (opts.viewport) {
    mkdirSync(path.resolve("screenshots"), { recursive: true });
    file = path.resolve("screenshots", `e2e-${name}.png`);
    await page.screenshot({ path: file });
  } else {
    file = await b.screenshot(page, `e2e-${name}`);
  }
  if (existsSync(COPY_DIR)) copyFileSync(file, path.join(COPY_DIR, path.basename(file)));
  return file;
}
