// The digital mailbox (digital postkasse): each letter dropped as one JSON file named by the letter
// id into a directory that a mailbox integration (e.g. SvarUt, Digipost, e-Boks) picks up from.
// The file holds the letter and its references, not the applicant's national id: an integration
// that must address by it looks it up by the case id.
import { dropFileOnce } from './fileDrop';
import type { DeliveryChannel, OutgoingMessage } from './channels';

export interface MailboxFile {
  letterId: string;
  caseId: string;
  kind: string;
  createdAt: string;
  subject: string;
  body: string;
  recipient: { name: string };
  sender: { municipality: string; office: string; phone: string };
}

export function mailboxFileName(letterId: string): string {
  return `${letterId}.json`;
}

export function createMailboxChannel(opts: { dir: string }): DeliveryChannel {
  return {
    name: 'digital_mailbox',
    async deliver(msg: OutgoingMessage) {
      if (!msg.letter) throw new Error(`letter ${msg.letterId}: the digital mailbox needs the letter's content`);
      const file: MailboxFile = {
        letterId: msg.letterId,
        caseId: msg.caseId,
        kind: msg.letter.kind,
        createdAt: msg.createdAt.toISOString(),
        subject: msg.letter.subject,
        body: msg.letter.body,
        recipient: { name: msg.recipient.name },
        sender: { municipality: msg.sender.municipalityName, office: msg.sender.office.name, phone: msg.sender.office.phone },
      };
      const dropped = await dropFileOnce(opts.dir, mailboxFileName(msg.letterId), `${JSON.stringify(file, null, 2)}\n`);
      return { externalId: dropped.path, alreadyDelivered: !dropped.written };
    },
  };
}
