// One jest run for the whole monorepo. TypeScript goes through SWC (ESM).
/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/**/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.next/", "/.data/"],
  extensionsToTreatAsEsm: [".ts", ".tsx"],
  transform: {
    "^.+\\.(t|j)sx?$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript", tsx: true }, target: "es2022" },
        module: { type: "es6" },
      },
    ],
  },
  transformIgnorePatterns: ["/node_modules/"],
  testTimeout: 60_000,
  // Every test file owns its database and servers; two workers fit two cores.
  maxWorkers: 2,
};
