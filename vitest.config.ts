import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Three projects: unit (pure, parallel), integration (real PostgreSQL + Redis, one database and one
// queue prefix per file), e2e (Chromium against a real server). See test/README.md.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Two cores: at most two test files at once (each has its own database and queue prefix).
    poolOptions: { forks: { maxForks: 2, minForks: 1 }, threads: { maxThreads: 2, minThreads: 1 } },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "app/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts", "test/e2e/support/e2e-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // A page answers a form post in well under a second on a quiet machine, not always within vitest's
          // default 1 s poll on a loaded 2-core one; a poll still fails when the page never gets there.
          expect: { poll: { timeout: 15_000, interval: 200 } },
          // One browser suite at a time: they share one server and database.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
