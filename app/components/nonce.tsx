import { createContext, useContext } from "react";

/**
 * The CSP nonce reaches <Scripts>/<ScrollRestoration> through context: entry.server provides it; in the
 * browser it is "" (browsers hide nonces from the DOM) and Remix suppresses that hydration difference.
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
