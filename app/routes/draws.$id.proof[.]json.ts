import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDrawProof } from "~/domain/draw/get-draw-proof";
import { orHttp } from "~/lib/http.server";

/**
 * GET /draws/:id/proof.json — the public proof of an expert draw (docs/expert-draw.md), the input of
 * `npm run draw:verify -- <url>`. Before the result is final: commitment, pool sizes and digests, seat
 * statuses; after: seed, entropy, canonical lists and selection (pseudonymous codes only).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return orHttp(async () => {
    const proof = await getDrawProof(params.id ?? "");
    return new Response(JSON.stringify(proof, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": proof.revealed ? "public, max-age=3600" : "no-store" },
    });
  }, { json: { request, ns: ["experts", "common"] } });
}
