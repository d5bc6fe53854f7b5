// The bench's policy: real legal lengths, so no deadline fires while steps and intake are measured,
// and one municipality whose expiry notice comes a plain 30 seconds before a decision runs out and whose
// re-evaluation comes a plain 3 hours after the last, so thousands of notices can be made to fall due
// at one chosen instant.
import { secondsPolicy } from '../scripts/stack/secondsPolicy';

const luroy = secondsPolicy.municipalities.luroy;

export const STEADY_MUNICIPALITY = 'luroy';
export const STORM_MUNICIPALITY = 'namsos';
export const STORM_NOTICE_BEFORE_MS = 30_000;
/** namsos re-evaluates every 3 hours: an imported case re-evaluated 3 hours before a chosen second falls due in it. */
export const STORM_RE_EVALUATION_EVERY_MS = 3 * 3_600_000;

export const benchPolicy = {
  municipalities: {
    luroy,
    namsos: {
      ...secondsPolicy.municipalities.namsos,
      timers: { ...luroy.timers, expiryNoticeBefore: '30 seconds', reEvaluationEvery: '3 hours' },
    },
  },
};
