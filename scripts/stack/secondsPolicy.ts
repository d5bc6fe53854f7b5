// A policy whose lengths are seconds, so a whole case runs through every timer in a test.
const office = { name: 'Brukerkontoret', phone: '95 98 81 35', hours: 'Mandag–fredag 10.00–14.00', address: 'Abel Meyers gate 10, Namsos' };

export const secondsPolicy = {
  municipalities: {
    namsos: {
      name: 'Namsos kommune',
      office,
      timers: {
        contactWithin: '20 seconds',
        homeVisitReminderBefore: '2 seconds',
        provisionalReplyAfter: '40 seconds',
        appealWindow: { statsforvalteren: '4 seconds', klagenemnd: '3 seconds' },
        reEvaluationEvery: '3 seconds',
        expiryNoticeBefore: '2 seconds',
      },
    },
    // Real legal lengths beside it: a case here stays `decided` for weeks.
    luroy: {
      name: 'Lurøy kommune',
      office: { name: 'Tildelingskontoret', phone: '75 09 50 00', hours: 'Mandag–fredag 08.00–15.30', address: 'Rådhuset, 8766 Lurøy' },
      timers: {
        contactWithin: '1 week',
        homeVisitReminderBefore: '1 day',
        provisionalReplyAfter: '4 weeks',
        appealWindow: { statsforvalteren: '4 weeks', klagenemnd: '3 weeks' },
        reEvaluationEvery: '6 months',
        expiryNoticeBefore: '4 weeks',
      },
    },
  },
};

export const applicant = {
  nationalId: '31129956715',
  name: 'Kari Nordmann',
  phone: '+4791234567',
  email: 'kari@example.no',
  address: 'Storgata 1, 7800 Namsos',
};

export function application(municipality: string, services: string[] = ['home_nursing']) {
  return {
    municipality,
    applicant,
    services,
    channel: 'digital',
    consent: { givenBy: 'applicant', name: 'Kari Nordmann', givenAt: new Date().toISOString().slice(0, 10) },
    description: 'Trenger hjelp med medisiner og stell etter sykehusopphold.',
  };
}
