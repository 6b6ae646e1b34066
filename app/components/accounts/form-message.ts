import type { TFunction } from "i18next";
import { parseMsg } from "~/domain/accounts/messages";

/** Turns a form error ("ns:key?param=…", see ~/domain/accounts/messages) into text in the page's language. */
export function formMessage(t: TFunction, m: string): string {
  const { key, params } = parseMsg(m);
  return t(key, { ...params, defaultValue: t("common:errors.invalidForm") });
}
