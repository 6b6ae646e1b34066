import { timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read /metrics: the bearer of METRICS_TOKEN when one is set (constant-time compare); otherwise
 * only this host. `clientIp` is the address Express resolved under TRUST_PROXY, so a request relayed by a
 * local reverse proxy carries the real client's address, not the proxy's loopback one.
 */
export function metricsAccess(request: Request, clientIp: string | undefined): boolean {
  const token = getEnv().METRICS_TOKEN;
  if (token) {
    const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  return LOOPBACK.test(clientIp ?? "");
}
