export {
  answers,
  createMockTransport,
  mockCallStatus,
  mockPortal,
  mockPortalData,
  SILENCE,
} from './createMockTransport';
export type { MockEventName, MockTransport, MockTransportOptions } from './createMockTransport';
export { collectErrors } from './collectErrors';
export type { ErrorCollector } from './collectErrors';
export { createMockPortal, MockRestError } from './createMockPortal';
export type { MockPortal, MockPortalOptions, MockRestMethod } from './createMockPortal';
