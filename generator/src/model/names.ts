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

/** `TaskStatus` → `isTaskStatus`: the type guard of an enum. */
export function enumGuardName(enumName: string): string {
  return `is${enumName}`;
}

/** The exported types of one operation: what its method takes, answers and (for pages) iterates over. */
export function operationTypeNames(operation: { operationId: string; pagination?: unknown }): { params: string; response: string; item?: string } {
  const base = upperFirst(operation.operationId);
  return { params: `${base}Params`, response: `${base}Response`, ...(operation.pagination ? { item: `${base}Item` } : {}) };
}

/** `contact.created` → `ContactCreatedEvent`: the type of one webhook event's body. */
export function webhookTypeName(event: string): string {
  return `${pascalCase(event)}Event`;
}

/** An operationId or x-method: `searchContacts`, `listAll`. It names generated types and methods. */
export const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

/** A name TypeScript accepts as a type, class or property name without quotes. */
export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Members every JavaScript object inherits: a method or property by one of these names shadows it. */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Why a name cannot be a member of a generated class (a phrase that follows the name: "… would make the object a
 * thenable"), or undefined when it can. `members` are the class's own members besides the generated ones.
 */
export function reservedMemberReason(name: string, members: ReadonlySet<string>): string | undefined {
  if (name === "then") return "would make the object a thenable: `await` on it would call this method";
  if (name === "toJSON") return "would replace what JSON.stringify writes for the object";
  if (members.has(name)) return "is already a member of the class the SDK generates";
  if (OBJECT_MEMBERS.has(name)) return "is a member every JavaScript object has (Object.prototype)";
  return undefined;
}
