/** `LinkedIn Messages` → `linkedinMessages`; `Pipeline Stages` → `pipelineStages` (words, not humps, are split). */
export function camelCase(words: string): string {
  const parts = words.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part.toLowerCase());
  return parts.map((part, index) => (index === 0 ? part : upperFirst(part))).join("");
}

/** `LinkedIn Messages` → `LinkedinMessages`. */
export function pascalCase(words: string): string {
  return upperFirst(camelCase(words));
}

/** `searchContacts` → `SearchContacts`: for identifiers that are already camelCase. */
export function upperFirst(identifier: string): string {
  return identifier.charAt(0).toUpperCase() + identifier.slice(1);
}

/** `TaskStatus` → `TASK_STATUSES` (the frozen array of an enum's values). */
export function enumValuesConstant(enumName: string): string {
  const snake = enumName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  if (/(S|X|SH|CH)$/.test(snake)) return `${snake}ES`;
  return snake.endsWith("Y") ? `${snake.slice(0, -1)}IES` : `${snake}S`;
}
