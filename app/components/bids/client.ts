import { parseYuan } from "~/lib/money";
import type { TFunction } from "i18next";

/**
 * Browser-side helpers of the bid pages (no server imports). API calls with the session cookie carry the
 * CSRF token in X-CSRF-Token (app/web/bids/api-auth.server.ts).
 */
export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export async function apiJson<T>(url: string, csrf: string, init: { method: string; body?: unknown }): Promise<T> {
  const res = await fetch(url, {
    method: init.method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: ApiError } & T;
  if (!res.ok) throw Object.assign(new Error(data.error?.message ?? res.statusText), { api: data.error });
  return data;
}

/** A message for anything thrown by the crypto library (typed errors with i18n codes) or the API. */
export function errorMessage(e: unknown, t: TFunction): string {
  const err = e as { code?: string; params?: Record<string, unknown>; api?: ApiError; message?: string };
  if (err?.api?.message) return err.api.message;
  if (typeof err?.code === "string" && err.code.includes(":")) return t(err.code, { ...(err.params ?? {}) });
  return err?.message ?? String(e);
}

export const errorCode = (e: unknown): string => {
  const err = e as { code?: string; api?: ApiError };
  return err?.api?.code ?? (typeof err?.code === "string" ? err.code : "error");
};

/** Typed yuan → fen (the money module's parser); null when it is not an amount it accepts. */
export function yuanToFen(s: string): bigint | null {
  const r = parseYuan(s);
  return r.ok ? r.fen : null;
}

/** A random id per browser profile (collusion indicator "same device"); not a tracker across sites. */
export function deviceId(): string {
  try {
    let id = localStorage.getItem("ggzy-device-id");
    if (!id) {
      id = `web-${crypto.randomUUID()}`;
      localStorage.setItem("ggzy-device-id", id);
    }
    return id;
  } catch {
    return "";
  }
}

export function download(name: string, data: Blob) {
  const url = URL.createObjectURL(data);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
