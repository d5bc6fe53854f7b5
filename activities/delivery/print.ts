// The print queue: each letter for an applicant who gets paper post written as a PDF, named by the
// letter id, into a directory the print and post service picks up from.
import { renderLetterPdf } from '../../letters/pdf';
import { dropFileOnce } from './fileDrop';
import type { DeliveryChannel, OutgoingMessage } from './channels';

export function printFileName(letterId: string): string {
  return `${letterId}.pdf`;
}

export function createPrintQueueChannel(opts: { dir: string }): DeliveryChannel {
  return {
    name: 'print',
    async deliver(msg: OutgoingMessage) {
      if (!msg.letter) throw new Error(`letter ${msg.letterId}: the print queue needs the letter's content`);
      const pdf = await renderLetterPdf({
        subject: msg.letter.subject,
        body: msg.letter.body,
        createdAt: msg.createdAt,
        municipalityName: msg.sender.municipalityName,
        office: msg.sender.office,
        recipient: { name: msg.recipient.name, address: msg.recipient.address },
        reference: msg.caseId,
      });
      const dropped = await dropFileOnce(opts.dir, printFileName(msg.letterId), pdf);
      return { externalId: dropped.path, alreadyDelivered: !dropped.written };
    },
  };
}
