import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/**
 * The root loader's data from any component: user (or null), locale, centreName, serverNow, csrfToken.
 * Undefined only while the root error boundary renders after the root loader itself failed.
 */
export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

/** The signed-in user as the browser sees it (no secrets), or null. */
export function useOptionalUser() {
  return useRootData()?.user ?? null;
}
