// Test only: the workflows with the notices-after-letter change (workflows/letterDelivery.ts) made
// WITHOUT patched(). Deliveries recorded before the change no longer replay against it: what the
// replay test must catch, and the reason the real change is guarded by a patch.
import { deliverOn, LETTER_CHANNELS, type LetterDeliveryInput } from '../../../workflows/letterDelivery';

export { CaseWorkflow } from '../../../workflows/case';

export async function LetterDelivery(input: LetterDeliveryInput): Promise<void> {
  await Promise.all(input.channels.filter((c) => LETTER_CHANNELS.includes(c)).map((c) => deliverOn(input, c)));
  await Promise.all(input.channels.filter((c) => !LETTER_CHANNELS.includes(c)).map((c) => deliverOn(input, c)));
}
