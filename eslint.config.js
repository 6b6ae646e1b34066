// Flat ESLint config: JS recommended + typescript-eslint recommended (syntax-only, fast: tsc does the type
// checking) + the rules of hooks. `npx eslint --max-warnings=0 .` is part of `npm test`.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "app/generated/", "node_modules/", "var/", ".cache/", "screenshots/", "test-results/", "bench/out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Hooks live in the app; tests use `useTestDb()` / `useQueuePrefix()` helpers that are not React hooks.
  { ...reactHooks.configs["recommended-latest"], files: ["app/**/*.{ts,tsx}"] },
  // Layers (docs/architecture.md): routes → web → domain → lib. The domain never imports routes, components,
  // the HTTP adapters of app/web or Remix; app/lib (infrastructure) imports none of them nor feature code of
  // the domain — only its kernel (errors, actor, accounts: sessions and permissions). A crossing fails the build.
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/routes/*", "~/components/*", "**/routes/*", "**/components/*"], message: "Layer crossing: the domain never imports routes or components." },
            { group: ["~/web/*", "**/web/*", "@remix-run/*"], message: "Layer crossing: the domain never imports HTTP (app/web adapters, Remix)." },
            { group: ["~/lib/http.server", "~/lib/auth.server", "~/lib/csrf.server", "~/lib/form-action.server", "~/lib/sse.server", "~/lib/stream-guard.server"], message: "Layer crossing: the domain never imports the request/response helpers of app/lib." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/routes/*", "~/components/*", "~/web/*", "**/routes/*", "**/components/*", "**/web/*"], message: "Layer crossing: app/lib is infrastructure; it never imports routes, components or app/web." },
            {
              group: ["~/domain/*", "!~/domain/errors", "!~/domain/actor", "!~/domain/accounts"],
              message: "Layer crossing: app/lib imports only the domain's kernel (errors, actor, accounts); feature code lives in its area.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/web/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/routes/*", "~/components/*", "**/routes/*", "**/components/*"], message: "Layer crossing: app/web adapters serve routes; they never import routes or components." }] },
      ],
    },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Stripping control characters from untrusted input (headers, form fields, log details) is a
      // deliberate pattern here; the rule only guards against accidental ones.
      "no-control-regex": "off",
      // The ideographic space U+3000 is ordinary in Chinese text (comments, strings, JSX); keep the rule for code.
      "no-irregular-whitespace": ["error", { skipComments: true, skipStrings: true, skipTemplates: true, skipJSXText: true, skipRegExps: true }],
      // `_`-prefixed names are deliberately unused (interface-shaped args, destructuring to drop a field).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
);
