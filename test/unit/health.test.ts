import { describe, expect, it } from "vitest";
import { checkHealth } from "~/lib/health.server";

describe("checkHealth", () => {
  const ok = async () => "ok";
  it("is ok when both parts answer", async () => {
    expect(await checkHealth({ db: ok, redis: ok })).toEqual({ status: "ok", db: "ok", redis: "ok" });
  });
  it("names the failing part", async () => {
    const down = async () => {
      throw new Error("ECONNREFUSED");
    };
    expect(await checkHealth({ db: down, redis: ok })).toEqual({ status: "error", db: "error", redis: "ok" });
  });
  it("gives up on a hung dependency after the timeout", async () => {
    const hang = () => new Promise(() => {});
    const started = Date.now();
    expect(await checkHealth({ db: ok, redis: hang }, 50)).toEqual({ status: "error", db: "ok", redis: "timeout" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
