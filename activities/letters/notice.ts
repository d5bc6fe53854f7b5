// The notice by SMS or e-mail that a new letter is waiting. It says who it is from, where to read
// it and how to reach the office, and nothing else: no name, no service, no health information.
import type { MunicipalityPolicy } from '../../domain/policy/policyTypes';

export interface Notice {
  subject: string;
  text: string;
}

export function renderNotice(m: MunicipalityPolicy, channel: 'sms' | 'email'): Notice {
  const text = `Du har fått et nytt brev fra ${m.office.name} i ${m.name}. Les det i din digitale postkasse. Spørsmål: ${m.office.phone}.`;
  if (channel === 'sms') return { subject: `Nytt brev fra ${m.name}`, text };
  return {
    subject: `Nytt brev fra ${m.name}`,
    text:
      `${text}\n\n` +
      'Dette er en automatisk melding, og du kan ikke svare på den.\n',
  };
}
