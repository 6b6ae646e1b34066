/**
 * What server.ts hands every loader and action besides the request (Remix "load context").
 */
export interface AppContext {
  /** Per-request nonce allowed by the Content-Security-Policy for inline scripts. */
  cspNonce: string;
  /** Client address as resolved under the TRUST_PROXY setting (also written to X-Forwarded-For). */
  clientIp: string;
  /** Echoed as X-Request-Id and present in every log line of this request. */
  requestId: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
