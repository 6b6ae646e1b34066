/** Limits shared by the token page (browser) and the domain; kept apart so the page never bundles db code. */
export const TOKEN_PREFIX = "ggzy_pat_";
export const MAX_TOKEN_DAYS = 366;
