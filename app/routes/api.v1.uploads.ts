import type { ActionFunctionArgs } from "@remix-run/node";
import { handleUpload } from "~/web/bids/upload-route.server";

/**
 * POST /api/v1/uploads — tus 1.0 creation: `Upload-Length` (≤ BID_UPLOAD_MAX_BYTES, default 2 GiB, else
 * 413) and `Upload-Metadata`; answers 201 with `Location: /api/v1/uploads/<id>`. Bearer token, or the
 * session cookie with X-CSRF-Token. See app/domain/bids/upload-server.server.ts.
 */
export const action = ({ request }: ActionFunctionArgs) => handleUpload(request, null);
export const loader = ({ request }: ActionFunctionArgs) => handleUpload(request, null);
