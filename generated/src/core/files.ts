// Files in and out: what an upload method takes (FileInput, fileFromPath), the multipart form it sends
// (MultipartForm), and what a download method answers (FileDownload).

import { GrinfiError } from "./errors.js";

/**
 * A file to upload:
 * - a `Blob` or `File` (its name and type are sent; a File from `fileFromPath` is read from disk as it is sent),
 * - bytes (`Uint8Array`, `Buffer`),
 * - a stream, read once as it is sent: a web `ReadableStream`, or anything async-iterable over bytes, such as a
 *   Node `Readable` (`fs.createReadStream(path)`, whose file name is then sent).
 *
 * A call whose file is a stream is sent once: it is never retried, not even after a `429` (the error is thrown;
 * call again with a new stream). Pass a Blob, bytes or `fileFromPath(path)` to let the client retry.
 */
export type FileInput = Blob | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface FileFromPathOptions {
  /** The media type to send, e.g. `text/csv`; default: the one the spec gives the part, else none. */
  type?: string | undefined;
  /** The file name to send; default: the path's last segment. */
  name?: string | undefined;
}

/** The part of `node:fs` that fileFromPath uses (the package is typed without Node's types). */
interface NodeFs {
  openAsBlob(path: string, options?: { type?: string }): Promise<Blob>;
}

/** A variable, so that bundlers for browsers leave the import alone. */
const NODE_FS = "node:fs";

/**
 * A `File` backed by the file at `path` (Node.js 20 and later, through `fs.openAsBlob`): nothing is read until it is
 * sent, then it streams from disk, so a large file is never held in memory, and a retry reads it again. The file
 * must not change until the call is over.
 */
export async function fileFromPath(path: string, options: FileFromPathOptions = {}): Promise<File> {
  const fs: NodeFs = await import(/* @vite-ignore */ NODE_FS);
  const blob = await fs.openAsBlob(path);
  const name = options.name ?? path.split(/[\\/]/).pop() ?? path;
  // A File made of a Blob refers to the Blob's content: no copy is made.
  return new File([blob], name, { type: options.type ?? "" });
}

type OneShotStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

type FormPart =
  | { kind: "field"; name: string; value: string }
  | { kind: "blob"; name: string; blob: Blob; filename: string }
  | { kind: "stream"; name: string; stream: OneShotStream; filename: string; type: string };

const DEFAULT_FILE_TYPE = "application/octet-stream";
const CRLF = "\r\n";
const encoder = new TextEncoder();

const isBlob = (value: unknown): value is Blob => typeof Blob !== "undefined" && value instanceof Blob;
const isFile = (value: Blob): value is File => typeof File !== "undefined" && value instanceof File;
const isReadableStream = (value: unknown): value is ReadableStream<Uint8Array> =>
  typeof ReadableStream !== "undefined" && value instanceof ReadableStream;

/** The base name of a Node `fs.ReadStream`'s `path`, the one stream that knows its file's name. */
function streamFileName(stream: OneShotStream): string | undefined {
  const path: unknown = "path" in stream ? stream.path : undefined;
  return typeof path === "string" ? path.split(/[\\/]/).pop() : undefined;
}

/** What FormData does to a name or file name in a part's header (WHATWG HTML, multipart/form-data encoding). */
const escapeHeader = (text: string): string => text.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
/** What FormData does to a field's value: every line break becomes CRLF. */
const normalizeLineBreaks = (text: string): string => text.replace(/\r?\n|\r/g, CRLF);

/**
 * The `multipart/form-data` body of an upload, built by the generated method from the spec's parts: text fields,
 * JSON fields and files. It is encoded afresh for each attempt: as FormData when every file can be read again,
 * else (a stream) as a stream that can be sent once.
 */
export class MultipartForm {
  readonly #parts: FormPart[] = [];
  #streamSent = false;

  /** A text field (a string, number, boolean or enum value); `undefined` leaves it out. */
  text(name: string, value: string | number | boolean | undefined): this {
    if (value !== undefined) this.#parts.push({ kind: "field", name, value: String(value) });
    return this;
  }

  /**
   * A field holding JSON text; `undefined` leaves it out. Sent like FormData sends a string (no Content-Type of its
   * own): a part with one would have to be a file, which servers such as PHP then do not read as a field.
   */
  json(name: string, value: unknown): this {
    if (value !== undefined) this.#parts.push({ kind: "field", name, value: JSON.stringify(value) });
    return this;
  }

  /**
   * A file; `undefined` leaves it out. `type` is the media type the spec gives the part, sent when the file itself
   * has none (then `application/octet-stream`). A file without a name of its own is sent named after the part.
   */
  file(name: string, value: FileInput | undefined, type?: string): this {
    if (value === undefined) return this;
    if (isBlob(value) || value instanceof Uint8Array) {
      const ownName = isBlob(value) && isFile(value) ? value.name : "";
      const ownType = isBlob(value) ? value.type : "";
      const filename = ownName || name;
      // Wrapping refers to the Blob's content without copying it; bytes are copied into the Blob once.
      const blob = isBlob(value) && ownType ? value : new File([value], filename, { type: ownType || type || DEFAULT_FILE_TYPE });
      this.#parts.push({ kind: "blob", name, blob, filename });
    } else {
      const filename = streamFileName(value) ?? name;
      this.#parts.push({ kind: "stream", name, stream: value, filename, type: type || DEFAULT_FILE_TYPE });
    }
    return this;
  }

  /** Whether the form can be sent again (no file is a stream), so a failed attempt may be retried. */
  get repeatable(): boolean {
    return this.#parts.every((part) => part.kind !== "stream");
  }

  /**
   * The body of one attempt: FormData (fetch sets its Content-Type and length), or, when a file is a stream, the
   * form as a stream with its Content-Type, once.
   */
  encode(): { body: FormData } | { body: ReadableStream<Uint8Array>; contentType: string } {
    if (this.repeatable) {
      const form = new FormData();
      for (const part of this.#parts) {
        if (part.kind === "field") form.append(part.name, part.value);
        else if (part.kind === "blob") form.append(part.name, part.blob, part.filename);
      }
      return { body: form };
    }
    if (this.#streamSent) throw new GrinfiError("This upload's file is a stream, which was already sent: it cannot be sent again");
    this.#streamSent = true;
    const boundary = `----grinfi-${crypto.randomUUID()}`;
    const frames = encodeParts(this.#parts, boundary);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await frames.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await frames.return(undefined);
      },
    });
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  }
}

/** The form's bytes, as FormData would send them, reading each file as it goes. */
async function* encodeParts(parts: FormPart[], boundary: string): AsyncGenerator<Uint8Array, void, undefined> {
  for (const part of parts) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeHeader(part.name)}"`;
    if (part.kind === "field") {
      yield encoder.encode(`${head}${CRLF}${CRLF}${normalizeLineBreaks(part.value)}${CRLF}`);
      continue;
    }
    const type = part.kind === "blob" ? part.blob.type || DEFAULT_FILE_TYPE : part.type;
    head += `; filename="${escapeHeader(part.filename)}"${CRLF}Content-Type: ${type}${CRLF}${CRLF}`;
    yield encoder.encode(head);
    yield* readChunks(part.kind === "blob" ? part.blob.stream() : part.stream);
    yield encoder.encode(CRLF);
  }
  yield encoder.encode(`--${boundary}--${CRLF}`);
}

async function* readChunks(stream: OneShotStream): AsyncGenerator<Uint8Array, void, undefined> {
  if (!isReadableStream(stream)) {
    for await (const chunk of stream) yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    return;
  }
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if ((finished = done)) return;
      yield value;
    }
  } finally {
    // A reader that stops early (a `break`, a failed upload) cancels the rest: the connection is let go.
    if (finished) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
  }
}

/** `filename*=UTF-8''…` (RFC 5987) or `filename="…"` of a Content-Disposition header; the first wins. */
function contentDispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([\w!#$%&+^`{}~-]+)'[^']*'([^;\s]+)/i.exec(header);
  if (extended) {
    const [, charset = "", encoded = ""] = extended;
    try {
      if (charset.toLowerCase() === "utf-8") return decodeURIComponent(encoded);
      // ISO-8859-1, the other charset RFC 5987 requires: each %XX is one character.
      return encoded.replace(/%([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    } catch {
      // A broken percent-encoding: fall back to the plain parameter.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, "$1");
  return /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
}

/**
 * A file the API answered (a CSV export), not parsed: like a fetch `Response`, its body has not been read when the
 * call returns, and is read once: by `for await (const chunk of download)`, or one of `stream()`, `blob()`,
 * `arrayBuffer()`, `bytes()` or `text()`. The call's timeouts end when the answer's headers arrive; its `signal`
 * still cancels reading the body.
 *
 * To save it to disk without holding it in memory (Node.js):
 * `await pipeline(download, createWriteStream("export.csv"))` (`pipeline` from `node:stream/promises`).
 */
export class FileDownload implements AsyncIterable<Uint8Array> {
  /** The media type the server sent, e.g. `text/csv; charset=UTF-8`; undefined when it sent none. */
  readonly contentType: string | undefined;
  /** The file name the server suggested (Content-Disposition); undefined when it sent none. */
  readonly filename: string | undefined;
  /** The size in bytes the server announced (Content-Length); undefined when it did not. */
  readonly size: number | undefined;
  readonly #response: Response;

  constructor(response: Response) {
    this.#response = response;
    this.contentType = response.headers.get("content-type") ?? undefined;
    this.filename = contentDispositionFileName(response.headers.get("content-disposition"));
    const length = response.headers.get("content-length");
    this.size = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  }

  /** Whether the body has been read (or is being read). */
  get bodyUsed(): boolean {
    return this.#response.bodyUsed;
  }

  /** The body as it arrives. */
  stream(): ReadableStream<Uint8Array> {
    if (this.#response.bodyUsed) throw new TypeError("The file's body has already been read");
    return this.#response.body ?? new Blob([]).stream();
  }

  /** The body's chunks as they arrive. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return readChunks(this.stream());
  }

  blob(): Promise<Blob> {
    return this.#response.blob();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#response.arrayBuffer();
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.#response.arrayBuffer());
  }

  /** The body decoded as UTF-8. */
  text(): Promise<string> {
    return this.#response.text();
  }
}
