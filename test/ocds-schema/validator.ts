import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/*
 * Validates our OCDS release packages offline. Two schema pairs may sit beside this file (README.md):
 * - the official OCDS 1.1 files (release-package-schema.json + release-schema.json), when a centre vendors them;
 * - else our own, written after the OCDS 1.1 documentation (release-package.schema.json + release.schema.json).
 * Whichever is present is loaded; the official pair wins. Codelists always come from our own release schema
 * (definitions named after each codelist), so tests check our codes against an explicit list either way.
 */
const here = path.dirname(new URL(import.meta.url).pathname);
type SchemaDoc = Record<string, unknown> & { id: string; definitions: Record<string, SchemaNode> };
type SchemaNode = { $ref?: string; enum?: unknown[]; properties?: Record<string, SchemaNode> };

const readJson = (f: string) => JSON.parse(readFileSync(path.join(here, f), "utf8")) as SchemaDoc;
const OFFICIAL = ["release-package-schema.json", "release-schema.json"] as const;
const OURS = ["release-package.schema.json", "release.schema.json"] as const;

export const usingOfficialSchema = OFFICIAL.every((f) => existsSync(path.join(here, f)));
const [packageFile, releaseFile] = usingOfficialSchema ? OFFICIAL : OURS;
export const releaseSchema = readJson(releaseFile);
export const releasePackageSchema = readJson(packageFile);
const ourReleaseSchema = usingOfficialSchema ? readJson(OURS[1]) : releaseSchema;

/** Follows a local "#/definitions/X" reference (ours uses them for codelists; the official schema inlines). */
function deref(doc: SchemaDoc, node: SchemaNode): SchemaNode {
  const m = node.$ref?.match(/^#\/definitions\/(.+)$/);
  return m ? deref(doc, doc.definitions[m[1]!]!) : node;
}

const strings = (values: unknown[] | undefined) => (values ?? []).filter((c): c is string => typeof c === "string");

/** The closed tenderStatus codelist as the loaded release schema enumerates it (null removed). */
export const tenderStatusCodes = strings(deref(releaseSchema, releaseSchema.definitions.Tender!.properties!.status!).enum);

/** Codes of an OCDS codelist (releaseTag, partyRole, documentType, …) as our release schema lists them. */
export function codelist(name: string): string[] {
  const def = ourReleaseSchema.definitions[name];
  if (!def?.enum) throw new Error(`codelist ${name} is not in test/ocds-schema/release.schema.json`);
  return strings(def.enum);
}

/**
 * Draft-04 validator of release packages (OCDS 1.1's dialect). The package schema refers to the release
 * schema by URL: it is registered under its id, so nothing is fetched. The official files carry OCDS's own
 * annotation keywords, declared here (strictSchema still catches any other unknown keyword).
 */
export function makeReleasePackageValidator() {
  const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(["codelist", "openCodelist", "omitWhenMerged", "wholeListMerge", "deprecated", "versionId"]);
  ajv.addSchema(releaseSchema, releaseSchema.id);
  return ajv.compile(releasePackageSchema);
}
