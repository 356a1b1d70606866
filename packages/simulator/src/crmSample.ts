/** A small CRM for the simulator: what the control panel offers and what REST answers from. */

/** A CRM record as REST returns it (Bitrix24 returns ids as strings). */
export type CrmRecord = Record<string, unknown> & { ID: string };

/** CRM records by entity type. */
export interface CrmSample {
  CONTACT: CrmRecord[];
  COMPANY: CrmRecord[];
  LEAD: CrmRecord[];
  DEAL: CrmRecord[];
}

const phone = (value: string) => [{ ID: '1', VALUE_TYPE: 'WORK', VALUE: value, TYPE_ID: 'PHONE' }];

/** The sample the simulator starts with. */
export function createCrmSample(): CrmSample {
  return {
    CONTACT: [
      { ID: '17', NAME: 'Anna', LAST_NAME: 'Schmidt', COMPANY_ID: '4', PHONE: phone('+15550100'), HAS_PHONE: 'Y' },
      { ID: '18', NAME: 'Boris', LAST_NAME: 'Ivanov', COMPANY_ID: '5', PHONE: phone('+15550101'), HAS_PHONE: 'Y' },
      { ID: '19', NAME: 'Chiara', LAST_NAME: 'Rossi', COMPANY_ID: null, PHONE: [], HAS_PHONE: 'N' },
    ],
    COMPANY: [
      { ID: '4', TITLE: 'Northwind Traders', PHONE: phone('+15550200'), HAS_PHONE: 'Y' },
      { ID: '5', TITLE: 'Contoso Ltd', PHONE: phone('+15550201'), HAS_PHONE: 'Y' },
    ],
    LEAD: [
      {
        ID: '31',
        TITLE: 'Website inquiry',
        NAME: 'Dmitri',
        LAST_NAME: 'Petrov',
        STATUS_ID: 'NEW',
        PHONE: phone('+15550300'),
        HAS_PHONE: 'Y',
      },
      {
        ID: '32',
        TITLE: 'Cold call',
        NAME: 'Elena',
        LAST_NAME: 'Garcia',
        STATUS_ID: 'IN_PROCESS',
        PHONE: phone('+15550301'),
        HAS_PHONE: 'Y',
      },
    ],
    DEAL: [
      {
        ID: '7',
        TITLE: '50 licenses for Northwind',
        STAGE_ID: 'NEW',
        CONTACT_ID: '17',
        COMPANY_ID: '4',
        OPPORTUNITY: '12500.00',
        CURRENCY_ID: 'USD',
      },
      {
        ID: '8',
        TITLE: 'Contoso renewal',
        STAGE_ID: 'PREPARATION',
        CONTACT_ID: '18',
        COMPANY_ID: '5',
        OPPORTUNITY: '4800.00',
        CURRENCY_ID: 'EUR',
      },
    ],
  };
}

/** A human label for a record: the person's name for contacts and leads, the title otherwise. */
export function recordLabel(type: keyof CrmSample, r: CrmRecord): string {
  const name = [r.NAME, r.LAST_NAME].filter(Boolean).join(' ');
  return (type === 'CONTACT' || type === 'LEAD') && name ? name : String(r.TITLE ?? `#${r.ID}`);
}

/** The phone number the call card would show for a record (`''` when it has none). */
export function recordPhone(sample: CrmSample, type: keyof CrmSample, r: CrmRecord): string {
  const own = (r.PHONE as Array<{ VALUE: string }> | undefined)?.[0]?.VALUE;
  if (own) return own;
  if (type === 'DEAL') {
    const contact = sample.CONTACT.find((c) => c.ID === r.CONTACT_ID);
    return contact ? recordPhone(sample, 'CONTACT', contact) : '';
  }
  return '';
}
