/** What every emitter returns: a file of the generated package, path relative to `generated/`. */
export interface EmittedFile {
  path: string;
  contents: string;
}
