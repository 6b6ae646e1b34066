/** A canonical uuid (8-4-4-4-12 hex): ids arrive in paths, query strings and JSON and are checked here before any query. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID_PATTERN.test(s);
