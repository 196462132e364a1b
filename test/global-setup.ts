// Compiles the CLI once before the suites run, when a source changed since the last build: many tests run
// `grinfi-codegen` as a process, and without this each of the first ones would rebuild it at the same time.
export default async function setup(): Promise<void> {
  // @ts-expect-error -- a plain ES module of the entry scripts, without declarations
  const { buildCliIfStale } = (await import("../scripts/build-cli.mjs")) as { buildCliIfStale(): Promise<string> };
  await buildCliIfStale();
}
