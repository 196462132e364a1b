/** `grinfi-codegen mock`: a local stand-in for the Grinfi API, built from the spec and the recordings. */
export { runMock, DEFAULT_MOCK_PORT, type RunMockOptions } from "./command.ts";
export { FAULT_HEADER, FAULT_KINDS, type Fault, type FaultKind, type FaultRule } from "./faults.ts";
export { API_RATE_LIMIT, type RateLimitSettings } from "./rate-limit.ts";
export {
  createMockApi, errorEnvelope, loadMockApi, startMockServer, MOCK_HOST,
  type MockApi, type MockOptions, type MockServer, type RequestLogEntry,
} from "./server.ts";
