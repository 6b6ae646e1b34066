import type { TFunction } from "i18next";
import { getOptionalUser } from "./auth.server";
import { DEFAULT_NS, getFixedT } from "./i18n";
import type { Locale } from "./locale";
import { resolveLocale } from "./locale.server";

/**
 * `t` for a loader or action, in the language of this request:
 *   const { t, locale } = await getT(request, "tenders");
 * Pass the user when the route already loaded it (saves looking the session up twice);
 * pass `null` for "nobody is signed in" and `undefined` to let getT look.
 */
export async function getT(
  request: Request,
  ns: string | string[] = DEFAULT_NS,
  user?: { locale?: string | null } | null,
): Promise<{ t: TFunction; locale: Locale }> {
  const who = user === undefined ? await getOptionalUser(request).catch(() => null) : user;
  const locale = resolveLocale(request, who?.locale);
  return { t: getFixedT(locale, ns), locale };
}
