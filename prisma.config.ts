// Prisma CLI configuration. `engine: "js"` keeps the CLI on its WebAssembly
// engines (no native binary download); the adapter is used only by CLI
// commands that talk to a database, which this project does not rely on:
// migrations are applied by packages/platform/src/db/migrate.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads the datasource url even for offline commands (generate, migrate diff).
process.env.DATABASE_URL ??= "postgresql://offline@localhost/offline";

export default defineConfig({
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
