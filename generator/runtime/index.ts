export {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DeadlineExceededError,
  errorFromResponse,
  GrinfiError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
  type FieldErrors,
  type GrinfiErrorJSON,
  type GrinfiErrorOptions,
} from "./errors.js";
export {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelay,
  type HttpMethod,
  type RetryCheck,
  type RetryPolicy,
} from "./retry.js";
export { RateLimiter, type AcquireOptions, type RateLimitOptions, type RequestLimiter } from "./rate-limit.js";
export {
  pages,
  paginate,
  PaginationError,
  type FetchPage,
  type Page,
  type PageRequest,
  type PaginateOptions,
} from "./pagination.js";
export {
  encodeFilterJson,
  encodeFilterQuery,
  FilterBuilder,
  toFilterObject,
  type EqualityOperator,
  type FieldCondition,
  type FieldSpec,
  type FieldSpecs,
  type FilterInput,
  type FilterObject,
  type NullableField,
  type NullCheck,
  type OperatorFor,
  type OperatorObject,
  type OrderOperator,
} from "./filter.js";
export { FileDownload, fileFromPath, MultipartForm, type FileFromPathOptions, type FileInput } from "./files.js";
// `export type`, not `export { type … }`: the latter keeps an import of the module for its side effects, which
// made bundlers load the validation code up front in every client.
export type { DriftKind, DriftProblem, DriftReport, ResponseValidation } from "./drift.js";
export type { CapturedRecording, CaptureOptions } from "./capture.js";
export {
  createTransport,
  DEFAULT_BASE_URL,
  Transport,
  type AnswerOptions,
  type ApiResponse,
  type RequestOptions,
  type TransportOptions,
} from "./client.js";
