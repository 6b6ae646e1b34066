/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Each bench creates and drops its own database and
 * prints plain figures. Benches are discovered from this folder, so adding one is adding a file.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_") && !f.endsWith(".d.ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

const name = process.argv[2];
if (!name || !available.includes(name)) {
  if (name) console.error(`Unknown benchmark "${name}".`);
  console.error(`Usage: npm run bench -- <name>\nAvailable: ${available.join(", ")}`);
  process.exit(name ? 1 : 0);
}
const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { main?: (args: string[]) => Promise<void> };
if (typeof mod.main !== "function") {
  console.error(`bench/${name}.ts exports no main()`);
  process.exit(1);
}
await mod.main(process.argv.slice(3));
process.exit(0);
