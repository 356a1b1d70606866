export { createMockTransport, mockPortal } from './createMockTransport';
export type { MockTransport, MockTransportOptions } from './createMockTransport';
