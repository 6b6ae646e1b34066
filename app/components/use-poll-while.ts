import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Reloads the page's data every `everyMs` while `active` (a worker job the page shows is still running),
 * skipping a tick while a reload is under way; stops after `maxMs` if given. The pages' progress bars use it.
 */
export function usePollWhile(active: boolean, everyMs = 1000, maxMs?: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    const id = setInterval(() => {
      if (maxMs !== undefined && Date.now() - started > maxMs) return clearInterval(id);
      if (revalidator.state === "idle") revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(id);
  }, [active, everyMs, maxMs, revalidator]);
}
