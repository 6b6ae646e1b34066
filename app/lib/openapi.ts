import { z } from "zod";

/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json, assembled from registrations. An area documents
 * its API in `app/openapi/<area>.ts` (picked up automatically by the route, like locale files):
 *
 *   registerPath("/api/v1/tenders/{id}", "get", {
 *     tags: ["tenders"], summary: "One tender", operationId: "getTender",
 *     parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
 *     responses: { 200: jsonResponse("The tender", jsonSchema(TenderSchema)), ...errorResponses(404) },
 *   });
 *
 * Keep app/openapi/* free of server-only imports so the document can also be built in tests.
 */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type JsonSchema = Record<string, unknown>;
export interface OperationObject {
  summary: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  parameters?: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>;
  responses: Record<string | number, Record<string, unknown>>;
  security?: Array<Record<string, string[]>>;
  [extension: string]: unknown;
}

const paths = new Map<string, Partial<Record<HttpMethod, OperationObject>>>();
const schemas = new Map<string, JsonSchema>();
const tags = new Map<string, string>();

/** Adds (or, on a dev reload, replaces) one operation. */
export function registerPath(path: string, method: HttpMethod, operation: OperationObject): void {
  if (!path.startsWith("/")) throw new Error(`OpenAPI path must start with "/": ${path}`);
  const entry = paths.get(path) ?? {};
  entry[method] = operation;
  paths.set(path, entry);
}

/** A named schema under components.schemas; refer to it with schemaRef(name). */
export function registerSchema(name: string, schema: JsonSchema | z.ZodType): void {
  schemas.set(name, schema instanceof z.ZodType ? jsonSchema(schema) : schema);
}

export function registerTag(name: string, description: string): void {
  tags.set(name, description);
}

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A Zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1): one schema validates and documents. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
  return rest;
}

export function jsonResponse(description: string, schema: JsonSchema) {
  return { description, content: { "application/json": { schema } } };
}

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request",
  401: "Not signed in",
  403: "Not permitted",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Payload too large",
  422: "Refused by a business rule",
  429: "Rate limited",
  503: "Service unavailable",
};

/** The shared `{ error: { code, message, field } }` body for the given statuses. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, jsonResponse(ERROR_TEXT[s] ?? "Error", schemaRef("Error"))]));
}

registerSchema("Error", {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable i18n key of the refusal, e.g. common:errors.forbidden", examples: ["common:errors.notFound"] },
        message: { type: "string", description: "The refusal in the request's language (Accept-Language / lng cookie)" },
        field: { type: "string", description: "Form/body field the error belongs to, when there is one" },
      },
    },
  },
});

export function buildOpenApiDocument(opts: { serverUrl?: string; version?: string } = {}) {
  const sortedPaths = Object.fromEntries([...paths.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: "3.1.0",
    info: {
      title: "公共资源交易平台 API — Public Resource Trading Portal API",
      version: opts.version ?? "1.0.0",
      description:
        "Open data and integration API of the trading portal. All instants are UTC (ISO 8601); money is integer fen (分). " +
        "Error messages follow the request's language (zh-CN by default, en).",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
    tags: [...tags.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, description]) => ({ name, description })),
    paths: sortedPaths,
    components: { schemas: Object.fromEntries(schemas) },
  };
}
