import { afterEach, describe, expect, it } from "vitest";
import { DEV_APP_SECRET, getEnv, productionProblems, resetEnvCache } from "~/lib/env.server";
import { loader as metricsLoader } from "~/routes/metrics";

/** Issue 13 §5 (/metrics for operators only, no live count of bid finalisations) and §7 (production refuses weak defaults). */
const REAL_SECRET = "x".repeat(20) + "q7Zr0bKc9fT2mW4pLs8eYv";
const prod = { NODE_ENV: "production" as const, APP_SECRET: REAL_SECRET, COOKIE_SECURE: true, PUBLIC_URL: "https://ggzy.example.gov.cn" };

describe("production settings (issue 13 §7)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("accepts a real secret with secure cookies", () => {
    expect(productionProblems(prod)).toEqual([]);
  });
  it("refuses the public development APP_SECRET", () => {
    expect(productionProblems({ ...prod, APP_SECRET: DEV_APP_SECRET })).toEqual([expect.stringContaining("APP_SECRET")]);
  });
  it("refuses COOKIE_SECURE off for any address but this machine's", () => {
    expect(productionProblems({ ...prod, COOKIE_SECURE: false })).toEqual([expect.stringContaining("COOKIE_SECURE")]);
    expect(productionProblems({ ...prod, COOKIE_SECURE: false, PUBLIC_URL: "http://10.1.2.3:3000" })).toHaveLength(1);
    expect(productionProblems({ ...prod, COOKIE_SECURE: false, PUBLIC_URL: "http://localhost:3000" })).toEqual([]);
    expect(productionProblems({ ...prod, COOKIE_SECURE: false, PUBLIC_URL: "http://127.0.0.1:3217" })).toEqual([]);
  });
  it("lets development and tests run with the defaults", () => {
    expect(productionProblems({ ...prod, NODE_ENV: "development", APP_SECRET: DEV_APP_SECRET, COOKIE_SECURE: false })).toEqual([]);
  });
  it("getEnv throws (so the web server and the worker do not boot), naming both problems", () => {
    process.env.NODE_ENV = "production";
    process.env.APP_SECRET = DEV_APP_SECRET;
    process.env.PUBLIC_URL = "http://portal.example";
    delete process.env.COOKIE_SECURE;
    resetEnvCache();
    expect(() => getEnv()).toThrow(/APP_SECRET[\s\S]*COOKIE_SECURE/);
  });
});

describe("/metrics (issue 13 §5)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
  const get = (clientIp: string, auth?: string) =>
    metricsLoader({
      request: new Request("http://localhost/metrics", { headers: auth ? { authorization: auth } : {} }),
      params: {},
      context: { cspNonce: "", clientIp, requestId: "t" },
    });

  it("answers this host only when no token is configured", async () => {
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
    expect((await get("127.0.0.1")).status).toBe(200);
    expect((await get("::1")).status).toBe(200);
    expect((await get("203.0.113.7")).status).toBe(404);
    expect((await get("")).status).toBe(404);
  });
  it("with METRICS_TOKEN, answers its bearer only — from anywhere, and not the loopback without it", async () => {
    process.env.METRICS_TOKEN = "ops-token-0123456789abcdef";
    resetEnvCache();
    expect((await get("203.0.113.7", "Bearer ops-token-0123456789abcdef")).status).toBe(200);
    expect((await get("203.0.113.7", "Bearer ops-token-0123456789abcdeX")).status).toBe(404);
    expect((await get("127.0.0.1")).status).toBe(404);
  });
});
