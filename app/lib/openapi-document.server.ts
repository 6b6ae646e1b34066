import { getEnv } from "./env.server";
import { buildOpenApiDocument } from "./openapi";

// Every app/openapi/*.ts registers its area's operations when imported; new files are picked up
// automatically. Globbed here, in a .server module, so none of it reaches the browser bundle.
import.meta.glob("../openapi/*.ts", { eager: true });

export function getOpenApiDocument() {
  return buildOpenApiDocument({ serverUrl: getEnv().PUBLIC_URL });
}
