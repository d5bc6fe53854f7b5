// The channels a letter is delivered on: the applicant's digital mailbox, e-mail, SMS and print. Named
// here, not beside the channels' code (activities/delivery), because the API's metrics count by them too.
export const DELIVERY_CHANNEL_NAMES = ['digital_mailbox', 'email', 'sms', 'print'] as const;
export type DeliveryChannelName = (typeof DELIVERY_CHANNEL_NAMES)[number];
