import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleUpload } from "~/web/bids/upload-route.server";

/**
 * /api/v1/uploads/:id — tus 1.0: HEAD (offset to resume from), PATCH (append bytes at Upload-Offset,
 * Content-Type application/offset+octet-stream), DELETE (termination). The owner only; 404 for anyone else.
 */
export const loader = ({ request, params }: LoaderFunctionArgs) => handleUpload(request, params.id ?? "");
export const action = ({ request, params }: ActionFunctionArgs) => handleUpload(request, params.id ?? "");
