import { pino } from "pino";
import { getEnv } from "./env.server";

/** JSON logs to stdout (one object per line), ready for any log shipper. */
export const logger = pino({
  level: getEnv().LOG_LEVEL,
  base: { service: process.env.SERVICE_NAME ?? "web" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: ["password", "*.password", "totp", "*.totp", "req.headers.cookie", "req.headers.authorization"],
});
