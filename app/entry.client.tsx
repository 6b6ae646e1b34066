import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// Translations need no set-up here: root.tsx wraps the app in the I18nextProvider for the locale the
// server chose (from loader data), with the same bundled resources, so hydration matches the HTML.
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
