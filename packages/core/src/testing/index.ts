export {
  answers,
  createMockTransport,
  mockCallStatus,
  mockPortal,
  mockPortalData,
  SILENCE,
} from './createMockTransport';
export type { MockTransport, MockTransportOptions } from './createMockTransport';
export { createMockPortal, MockRestError } from './createMockPortal';
export type { MockPortal, MockPortalOptions, MockRestMethod } from './createMockPortal';
