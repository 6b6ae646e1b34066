import { getT } from "~/lib/i18n.server";

/** Unknown /api/* paths: JSON 404 in the shared error shape, never an HTML page. */
async function notFoundJson({ request }: { request: Request }) {
  const { t } = await getT(request, "common", null);
  return Response.json(
    { error: { code: "common:errors.notFound", message: t("errors.notFound") } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}

export const loader = notFoundJson;
export const action = notFoundJson;
