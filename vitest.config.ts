import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The MCP server's core (generator/mcp-runtime) imports the SDK by its package name, as it does once generated.
  resolve: { alias: { "@grinfi/sdk": fileURLToPath(new URL("./generated/src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    // Type-level tests (`expectTypeOf`, `@ts-expect-error`) live in *.test-d.ts files: vitest has tsc check them
    // and reports a failed assertion, or a `@ts-expect-error` that is not an error, as a failed test.
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "tsconfig.json",
    },
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Peer-tool and CLI tests spawn processes: two workers match the two-core machines this runs on.
    maxWorkers: 2,
  },
});
