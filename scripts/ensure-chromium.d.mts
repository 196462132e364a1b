export declare const DEFAULT_CHROMIUM: string;

export interface ChromiumMachine {
  env: Record<string, string | undefined>;
  isExecutable(path: string): boolean;
  findCommand(name: string): string | undefined;
  isRoot: boolean;
  canSudo: boolean;
}

export type ChromiumPlan =
  | { action: "ok"; path: string }
  | { action: "install"; sudo: boolean; say: string }
  | { action: "fail"; message: string };

export declare function planChromium(machine: ChromiumMachine): ChromiumPlan;
