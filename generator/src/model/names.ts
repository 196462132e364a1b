/** `LinkedIn Messages` → `linkedinMessages`; `Pipeline Stages` → `pipelineStages`. */
export function camelCase(words: string): string {
  const parts = words
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.toLowerCase());
  return parts.map((part, index) => (index === 0 ? part : part[0]!.toUpperCase() + part.slice(1))).join("");
}

export function pascalCase(words: string): string {
  const camel = camelCase(words);
  return camel[0]!.toUpperCase() + camel.slice(1);
}

/** `TaskStatus` → `TASK_STATUSES` (the frozen array of an enum's values). */
export function enumValuesConstant(enumName: string): string {
  const snake = enumName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  return snake.endsWith("S") || snake.endsWith("X") ? `${snake}ES` : snake.endsWith("Y") ? `${snake.slice(0, -1)}IES` : `${snake}S`;
}
