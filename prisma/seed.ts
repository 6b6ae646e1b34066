/**
 * Demo data for a fresh centre (`npm start` runs it every time; it only creates what is missing).
 * Each area seeds itself from prisma/seed/<area>.ts; later issues add their function to AREAS, in
 * dependency order. Run by hand: `npx tsx prisma/seed.ts` (uses DATABASE_URL like the app).
 */
import { getDb, type Db } from "~/lib/db.server";
import { seedAccounts } from "./seed/accounts";
import { seedCalendar } from "./seed/calendar";
import { seedExperts } from "./seed/experts";
import { seedTenders } from "./seed/tenders";

/** An area's seeder: creates what is missing, returns how many of each thing it created. */
type Seeder = (db: Db) => Promise<Record<string, number>>;

const AREAS: [name: string, seed: Seeder][] = [
  ["accounts", seedAccounts],
  ["calendar", seedCalendar],
  ["experts", seedExperts],
  ["tenders", seedTenders],
];

async function main() {
  const db = getDb();
  try {
    for (const [name, seed] of AREAS) {
      const created = await seed(db);
      const what = Object.entries(created).map(([k, n]) => `${n} ${k}`).join(", ");
      console.log(`[seed] ${name}: created ${what}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err) => {
  console.error("[seed] failed:", err);
  process.exit(1);
});
