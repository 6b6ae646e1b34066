/**
 * The demo seed's areas in dependency order (prisma/seed.ts runs them; the seed's integration test too).
 * Each area seeds itself from prisma/seed/<area>.ts and creates only what is missing.
 */
import type { Db } from "~/lib/db.server";
import { seedAccounts } from "./accounts";
import { seedArchivedTender } from "./archived-tender";
import { seedCalendar } from "./calendar";
import { seedExperts } from "./experts";
import { seedTenders } from "./tenders";

/** An area's seeder: creates what is missing, returns how many of each thing it created. */
type Seeder = (db: Db) => Promise<Record<string, number>>;

export const AREAS: [name: string, seed: Seeder][] = [
  ["accounts", seedAccounts],
  ["calendar", seedCalendar],
  ["experts", seedExperts],
  ["tenders", seedTenders],
  ["archived tender", seedArchivedTender],
];

export async function runSeed(db: Db, log: (line: string) => void = console.log) {
  for (const [name, seed] of AREAS) {
    const t0 = Date.now();
    const created = await seed(db);
    const what = Object.entries(created).map(([k, n]) => `${n} ${k}`).join(", ");
    log(`[seed] ${name}: created ${what} (${Date.now() - t0} ms)`);
  }
}
