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
  // Layers (docs/architecture.md): routes and components may import the domain; the domain never imports
  // routes or components (app/lib/csrf.server.ts still imports one: to move).
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/routes/*", "~/components/*", "**/routes/*", "**/components/*"], message: "Layer crossing: the domain never imports routes or components." }] },
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
