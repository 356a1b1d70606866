export { createMockTransport, mockPortal, mockPortalData } from './createMockTransport';
export type { MockTransport, MockTransportOptions } from './createMockTransport';
