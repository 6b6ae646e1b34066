import { notFound } from "~/lib/http.server";

/**
 * Any path no route claims: a 404 rendered inside the normal layout (root loader data — user, language —
 * is available), by the root ErrorBoundary. Unknown /api/* paths get JSON from api.$.ts instead.
 */
export function loader(): never {
  throw notFound();
}

export function action(): never {
  throw notFound();
}

export default function NotFound() {
  return null;
}
