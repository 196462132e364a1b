import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Peer-tool and CLI tests spawn processes: two workers match the two-core machines this runs on.
    maxWorkers: 2,
  },
});
