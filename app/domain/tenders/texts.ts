import en from "~/locales/en/tenders.json";
import zh from "~/locales/zh-CN/tenders.json";

/**
 * Strings of the `tenders` namespace for text written outside a request (announcement bodies, PDFs):
 * read from the same locale files the UI uses.
 */
const RESOURCES = { "zh-CN": zh, en } as const;
export type TenderLang = keyof typeof RESOURCES;

export function tenderText(lang: TenderLang, key: string, params: Record<string, string | number> = {}): string {
  let v: unknown = RESOURCES[lang];
  for (const part of key.split(".")) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== "string") throw new Error(`Missing tenders text "${key}" (${lang})`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
}
