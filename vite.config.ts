import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Every v3 future flag is on so that moving to React Router 7 stays mechanical (docs/decisions/0001).
export default defineConfig({
  server: { port: 3000 },
  build: { target: "es2022" },
  // Server-only native modules must not be pre-bundled for the browser.
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  plugins: [
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          v3_routeConfig: true,
        },
        serverModuleFormat: "esm",
        // Lets parallel builds (tests, benches) use their own output directory.
        buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
      }),
    tsconfigPaths(),
  ],
});
