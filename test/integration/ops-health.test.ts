import { afterAll, describe, expect, it } from "vitest";
import { checkHealth } from "~/lib/health.server";
import { getRedis } from "~/lib/redis.server";
import { useTestDb } from "../support/db";

// /healthz against the real PostgreSQL and Redis (the unit test covers failures with stand-ins).
await useTestDb();

afterAll(async () => {
  await getRedis().quit();
});

describe("checkHealth (real services)", () => {
  it("reports PostgreSQL and Redis ok, even on the first call before Redis has connected", async () => {
    expect(await checkHealth()).toEqual({ status: "ok", db: "ok", redis: "ok" });
  });

  it("reports a database that refuses the query", async () => {
    const h = await checkHealth({ db: () => Promise.reject(new Error("down")) });
    expect(h).toEqual({ status: "error", db: "error", redis: "ok" });
  });
});
