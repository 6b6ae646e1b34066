import { getOpenApiDocument } from "~/lib/openapi-document.server";

/** GET /api/v1/openapi.json — the API description integrators (公共服务平台, 行政监督平台) build against. */
export function loader() {
  return Response.json(getOpenApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
