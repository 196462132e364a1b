import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The MCP server's core (generator/mcp-runtime) imports the SDK by its package name, as it does once generated.
  resolve: { alias: { "@grinfi/sdk": fileURLToPath(new URL("./generated/src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Peer-tool and CLI tests spawn processes: two workers match the two-core machines this runs on.
    maxWorkers: 2,
  },
});
