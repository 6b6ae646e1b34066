import type { PoolConfig } from "pg";

/**
 * Discrete pg fields from a URL. Prisma's migrate path must get host/port/user/database separately:
 * a `connectionString` would override the shadow database's name (STACK-NOTES, P3006).
 */
export function pgConfigFromUrl(url: string, extra: PoolConfig = {}): PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ...extra,
  };
}
