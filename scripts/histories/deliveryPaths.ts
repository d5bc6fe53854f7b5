// The paths of a LetterDelivery, as data: the channels and what each delivery attempt does.
import type { DeliveryPath } from './pathTypes';

export const DELIVERY_PATHS: DeliveryPath[] = [
  {
    name: 'all-delivered',
    about: 'mailbox, SMS notice and e-mail notice, each delivered at the first attempt',
    channels: ['digital_mailbox', 'sms', 'email'],
    attempts: {},
    failed: [],
  },
  {
    name: 'channel-fails-then-succeeds',
    about: 'the e-mail server refuses twice, the third attempt gets through (retried with backoff)',
    channels: ['digital_mailbox', 'email'],
    attempts: { email: ['fail', 'fail'] },
    failed: [],
  },
  {
    name: 'channel-never-gets-through',
    about: 'the SMS gateway fails all twelve attempts: the failure is recorded, the mailbox still gets the letter',
    channels: ['digital_mailbox', 'sms'],
    attempts: { sms: Array.from({ length: 12 }, () => 'fail' as const) },
    failed: ['sms'],
  },
  {
    name: 'channel-refused',
    about: 'the SMS gateway refuses the number for good (not retried): reported at once',
    channels: ['digital_mailbox', 'sms'],
    attempts: { sms: ['refuse'] },
    failed: ['sms'],
  },
  {
    name: 'print',
    about: 'a paper applicant: the letter goes to the print queue',
    channels: ['print'],
    attempts: {},
    failed: [],
  },
];
