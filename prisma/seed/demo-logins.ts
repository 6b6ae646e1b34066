/**
 * Prints the demo logins (`npm start` shows this once the portal answers). Run: `npx tsx prisma/seed/demo-logins.ts`.
 */
import { pathToFileURL } from "node:url";
import { isMfaRequired } from "~/domain/accounts/roles";
import zhCommon from "~/locales/zh-CN/common.json" with { type: "json" };
import { DEMO_ORGS, DEMO_PASSWORDS, DEMO_TOTP_SECRET, DEMO_USERS } from "./demo-data";

/** Display width: CJK characters take two terminal columns. */
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));

export function demoLoginsTable(): string {
  const rows = DEMO_USERS.map((u) => [
    u.username,
    DEMO_PASSWORDS[u.role],
    `${u.role} ${zhCommon.roles[u.role]}`,
    DEMO_ORGS.find((o) => o.key === u.orgKey)!.name,
    isMfaRequired(u.role) ? "TOTP" : "",
  ]);
  const head = ["username", "password", "role", "organisation", "2FA"];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd();
  return [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `2FA: accounts marked TOTP use the demo secret ${DEMO_TOTP_SECRET}. Current code: npm run totp`,
    "     (or add the secret to any authenticator app). A code is accepted once: wait for the next one to log in again.",
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(demoLoginsTable());
