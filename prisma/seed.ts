/**
 * Demo data for a fresh centre (`npm start` runs it every time; it only creates what is missing).
 * Each area seeds itself from prisma/seed/<area>.ts; later issues add their function to AREAS
 * (prisma/seed/run.ts), in dependency order. Run by hand: `npx tsx prisma/seed.ts` (uses DATABASE_URL like the app).
 */
import { getDb } from "~/lib/db.server";
import { runSeed } from "./seed/run";

async function main() {
  const db = getDb();
  try {
    await runSeed(db);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err) => {
  console.error("[seed] failed:", err);
  process.exit(1);
});
