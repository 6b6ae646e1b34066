// Prisma 6.19 with the JS schema engine and the pg driver adapter: the only combination that runs the
// whole CLI (generate, migrate) without downloading an engine binary. See docs/decisions/0002-prisma-offline.md.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { pgConfigFromUrl } from "./app/lib/pg-config.js";

// The schema's `url = env("DATABASE_URL")` must resolve for every CLI command, `generate` in postinstall
// included: when it does not, Prisma falls back to downloading an engine and fails offline. Same default
// as app/lib/env.server.ts.
process.env.DATABASE_URL ??= "postgresql://ggzy_app@127.0.0.1:5432/ggzy";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    return new PrismaPg(pgConfigFromUrl(process.env.DATABASE_URL!));
  },
});
