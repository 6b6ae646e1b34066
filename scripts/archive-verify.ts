/**
 * npm run archive:verify -- <case-archive.zip>
 * Re-checks a case archive (归档 ZIP) offline: every entry against manifest.json (name, size, SHA-256),
 * nothing missing and nothing added. No database, no network. Exit code 0 = verified, 1 = not, 2 = usage.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { verifyCaseArchive } from "../app/domain/award/verify-case-archive";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error("usage: npm run archive:verify -- <case-archive.zip>");
  process.exit(2);
}
const zipHash = createHash("sha256");
for await (const chunk of createReadStream(file)) zipHash.update(chunk as Buffer);
const r = await verifyCaseArchive(file);
for (const [k, v] of Object.entries(r.about)) console.log(`${k}: ${v}`);
console.log(`zip sha256: ${zipHash.digest("hex")}`);
console.log(`manifest sha256: ${r.manifestSha256 ?? "—"}`);
console.log(`entries: ${r.entries}, bytes: ${r.bytes}`);
for (const p of r.problems) console.log(`PROBLEM ${p}`);
console.log(r.ok ? "VERIFIED: every entry matches the manifest (已核验)" : `NOT VERIFIED: ${r.problems.length} problem(s) (核验未通过)`);
process.exit(r.ok ? 0 : 1);
