// The bench's policy: real legal lengths, so no deadline fires while steps and intake are measured,
// and one municipality whose expiry notice comes a plain 30 seconds before a decision runs out, so a
// thousand notices can be made to fall due at one chosen instant.
import { secondsPolicy } from '../scripts/stack/secondsPolicy';

const luroy = secondsPolicy.municipalities.luroy;

export const STEADY_MUNICIPALITY = 'luroy';
export const STORM_MUNICIPALITY = 'namsos';
export const STORM_NOTICE_BEFORE_MS = 30_000;

export const benchPolicy = {
  municipalities: {
    luroy,
    namsos: {
      ...secondsPolicy.municipalities.namsos,
      timers: { ...luroy.timers, expiryNoticeBefore: '30 seconds' },
    },
  },
};
