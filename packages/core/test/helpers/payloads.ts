/** Payloads the portal sends, shared by the tests. */

/** A `BackgroundCallCard::entityChanged` payload (id as a number). */
export const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };

/** A `BackgroundCallCard::initialized` payload as the portal sends it (id as a string). */
export const INIT = {
  CALL_ID: 'externalCall.abc',
  PHONE_NUMBER: '+15550100',
  LINE_NUMBER: 'line-1',
  LINE_NAME: 'Sales',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: '17',
  CRM_ACTIVITY_ID: 0,
  CRM_BINDINGS: [],
  CALL_DIRECTION: 'incoming',
  CALL_STATE: 'connected',
  CALL_LIST_MODE: false,
};
