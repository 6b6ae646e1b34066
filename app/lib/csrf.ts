/** Name of the hidden form field that carries the CSRF token: written by <CsrfInput>, checked by csrf.server. */
export const CSRF_FIELD = "csrf";
