export {
  answers,
  createMockTransport,
  mockCallStatus,
  mockPortal,
  mockPortalData,
  SILENCE,
} from './createMockTransport';
export type { MockTransport, MockTransportOptions } from './createMockTransport';
