// The case page: status, deadlines, who has it, the timeline, every letter (its PDF and how its
// delivery went), and the forms of the steps the case allows now, with the API's messages beside
// the fields. A decision is previewed (its letter) before it is sent.
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Card, Details, Heading, Link, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { HoldControl, ProposalPanel, RepresentativeForm, useProposals } from './caseControls';
import { asProblem, Notice } from './common';
import { useDraft } from './draft';
import { clearStepDraft, instantOf, SchemaStepForm, type AllowedStep } from './stepForms';
import { APPLICANT_DECEASED, DELIVERY, LETTER_KINDS, service, STATUS, WAITING_FOR, when } from './words';

interface CaseView {
  id: string;
  caseNumber?: string | null;
  municipality: string;
  status: string;
  services: string[];
  receivedAt: string;
  deadlines: Record<string, string | null>;
  flags: Record<string, boolean>;
  homeVisit: { scheduledAt: string; completedAt?: string | null } | null;
  decision: { outcome: string } | null;
  closedReason: string | null;
  representative?: { role: string; since: string; copyToApplicant: boolean } | null;
}
interface Letter {
  id: string;
  kind: string;
  channel: string;
  createdAt: string;
  subject: string;
  body: string;
  delivery: { status: string; deliveredAt: string | null; failedReason: string | null; waitingReason?: string; waitingSince?: string } | null;
}
interface Event {
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}
interface Assignee {
  assignee: string | null;
  history: Array<{ assignee: string | null; previous: string | null; actor: string; at: string }>;
}

const DEADLINES: Record<string, string> = {
  contactBy: 'Kontakt innen',
  provisionalReplyBy: 'Foreløpig svar innen',
  appealBy: 'Klagefrist',
  nextReEvaluationAt: 'Neste revurdering',
  expiresAt: 'Vedtaket utløper',
};

const EVENTS: Record<string, string> = {
  received: 'Søknad mottatt',
  imported: 'Overført fra tidligere fagsystem',
  contacted: 'Søker kontaktet',
  contact_overdue: 'Fristen for kontakt er passert',
  home_visit_scheduled: 'Hjemmebesøk avtalt',
  home_visit_completed: 'Hjemmebesøk gjennomført',
  home_visit_cancelled: 'Hjemmebesøk avlyst',
  provisional_reply_sent: 'Foreløpig svar sendt',
  decision_issued: 'Vedtak fattet',
  closed: 'Saken avsluttet',
  home_visit_reminder_sent: 'Påminnelse om hjemmebesøk sendt',
  provisional_reply_overdue: 'Datoen i foreløpig svar er passert; nytt foreløpig svar sendt',
  decision_received: 'Søkeren har fått vedtaket',
  decision_final: 'Vedtaket er endelig',
  appeal_received: 'Klage mottatt',
  reconsideration: 'Kontoret har vurdert klagen',
  appeal_forwarded: 'Klagen er sendt til klageinstansen',
  appeal_body_decision: 'Klageinstansen har avgjort klagen',
  appeal_withdrawn: 'Klagen er trukket',
  deferral_answered: 'Svar på utsatt iverksetting',
  advance_notice_sent: 'Forhåndsvarsel sendt',
  re_evaluation_due: 'Revurdering skal gjøres',
  re_evaluation: 'Revurdert',
  expiry_notice_sent: 'Varsel om utløp sendt',
  expired: 'Vedtaket er utløpt',
  place_offered: 'Plass tilbudt',
  withdrawn: 'Saken er trukket',
  applicant_deceased: 'Søkeren er død ifølge Folkeregisteret; brev sendes ikke',
};

/** How a letter's delivery went, in words: waiting for what since when, delivered when, failed why. */
function deliveryText(d: Letter['delivery']): string {
  if (!d) return 'Ikke sendt ennå';
  if (d.status === 'waiting') return `Venter på ${WAITING_FOR[d.waitingReason ?? ''] ?? d.waitingReason ?? 'en tjeneste'}${d.waitingSince ? ` siden ${when(d.waitingSince)}` : ''}`;
  return `${DELIVERY[d.status] ?? d.status}${d.deliveredAt ? ` ${when(d.deliveredAt)}` : ''}${d.failedReason ? `: ${d.failedReason}` : ''}`;
}

/** Steps with a form of their own on this page; every other step the case allows gets the form its schema makes. */
const OWN_FORMS = new Set(['contact', 'home-visit', 'home-visit/complete']);

function StepForm(props: { title: string; onSubmit: () => Promise<void>; submit: string; children?: ReactNode; problem: ApiProblem | null; extra?: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-color="neutral">
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate aria-label={props.title}>
        <Heading level={3} data-size="xs">
          {props.title}
        </Heading>
        {props.children}
        <Notice problem={props.problem} />
        <div className="row">
          <Button type="submit" disabled={busy}>
            {props.submit}
          </Button>
          {props.extra}
        </div>
      </form>
    </Card>
  );
}

export function CasePage({ me, caseId }: { me: Me; caseId: string }) {
  const [view, setView] = useState<CaseView | null>(null);
  const [events, setEvents] = useState<Event[]>([]);
  const [letters, setLetters] = useState<Letter[]>([]);
  const [assignee, setAssignee] = useState<Assignee | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [stepProblem, setStepProblem] = useState<{ step: string; problem: ApiProblem } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const [note, setNote, clearNote] = useDraft('contact.note', '');
  const [visitDate, setVisitDate, clearVisitDate] = useDraft('visit.date', '');
  const [visitTime, setVisitTime, clearVisitTime] = useDraft('visit.time', '10:00');
  const [visitNotes, setVisitNotes, clearVisitNotes] = useDraft('visit.notes', '');
  const [preview, setPreview] = useState<{ subject: string; body: string; decision: Record<string, unknown> } | null>(null);
  const [allowed, setAllowed] = useState<AllowedStep[]>([]);
  const canStep = me.roles.includes('caseworker');
  const [proposals, loadProposals] = useProposals(caseId, canStep);

  const load = useCallback(async () => {
    const [v, ev, le, as] = await Promise.all([
      call<CaseView>('GET', `/api/cases/${caseId}`),
      call<{ items: Event[] }>('GET', `/api/cases/${caseId}/events`),
      call<{ items: Letter[] }>('GET', `/api/cases/${caseId}/letters`),
      call<Assignee>('GET', `/api/cases/${caseId}/assignee`),
    ]);
    // The steps the case allows now, as the API decides them (a caseworker's only).
    if (canStep) {
      setAllowed((await call<{ items: AllowedStep[] }>('GET', `/api/cases/${caseId}/steps`)).items);
      await loadProposals();
    }
    setView(v);
    setEvents(ev.items);
    setLetters(le.items);
    setAssignee(as);
  }, [caseId, canStep, loadProposals]);

  useEffect(() => {
    void load().catch((err: unknown) => setProblem(asProblem(err)));
  }, [load]);

  // A letter on its way: its delivery is looked at again until every letter has gone out.
  const pending = letters.some((l) => l.delivery === null || l.delivery.status === 'sent' || l.delivery.status === 'waiting');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      void call<{ items: Letter[] }>('GET', `/api/cases/${caseId}/letters`, undefined, { background: true }).then((le) => setLetters(le.items), () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [pending, caseId]);

  const step = async (name: string, path: string, body: unknown, after: () => void, success: string): Promise<boolean> => {
    setStepProblem(null);
    setDone(null);
    try {
      const next = await call<CaseView>('POST', `/api/cases/${caseId}/${path}`, body);
      setView(next);
      after();
      setDone(success);
      await load();
      return true;
    } catch (err) {
      const p = asProblem(err);
      setStepProblem({ step: name, problem: p });
      // Taken first by someone else: show the case as it is now.
      if (p.status === 409 && p.code !== 'advance_notice_required') await load().catch(() => undefined);
      return false;
    }
  };
  // To-trinnskontroll: the decision waits for another caseworker's approval; nothing is sent yet.
  const propose = async (decision: Record<string, unknown>) => {
    setStepProblem(null);
    setDone(null);
    try {
      await call('POST', `/api/cases/${caseId}/decision/proposal`, decision);
      clearStepDraft('decision');
      setPreview(null);
      setDone('Vedtaket er sendt til godkjenning. Det sendes når en annen saksbehandler har godkjent det.');
      await load();
    } catch (err) {
      const p = asProblem(err);
      setStepProblem({ step: 'decision', problem: p });
      if (p.status === 409) await load().catch(() => undefined);
    }
  };
  const problemOf = (name: string) => (stepProblem?.step === name ? stepProblem.problem : null);

  const setAssigneeTo = async (sub: string | null) => {
    setProblem(null);
    try {
      setAssignee(await call<Assignee>('POST', `/api/cases/${caseId}/assignee`, { sub }));
    } catch (err) {
      setProblem(asProblem(err));
      await load().catch(() => undefined);
    }
  };

  if (!view) {
    return problem ? <Notice problem={problem} /> : <Paragraph>Laster saken …</Paragraph>;
  }

  const status = view.status;
  const isAllowed = (name: string) => allowed.some((a) => a.step === name);
  const title = `Sak ${view.caseNumber ?? view.id}`;

  return (
    <>
      <Link href="/">Tilbake til arbeidskøen</Link>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      {view.flags.applicantDeceased && (
        <Alert data-color="warning" data-testid="applicant-deceased">
          {APPLICANT_DECEASED}
        </Alert>
      )}
      <div className="grid2">
        <section aria-labelledby="om-saken">
          <Heading level={2} data-size="sm" id="om-saken">
            Om saken
          </Heading>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <Tag data-color="info" data-testid="status">
                {STATUS[status] ?? status}
              </Tag>
            </dd>
            <dt>Kommune</dt>
            <dd>{view.municipality}</dd>
            <dt>Tjenester</dt>
            <dd>{view.services.map(service).join(', ')}</dd>
            <dt>Mottatt</dt>
            <dd>{when(view.receivedAt)}</dd>
            {view.homeVisit && (
              <>
                <dt>Hjemmebesøk</dt>
                <dd>{when(view.homeVisit.scheduledAt)}</dd>
              </>
            )}
            {Object.entries(DEADLINES)
              .filter(([k]) => view.deadlines[k])
              .map(([k, label]) => (
                <FragmentRow key={k} label={label} value={when(view.deadlines[k])} />
              ))}
          </dl>
        </section>
        <section aria-labelledby="saksbehandler">
          <Heading level={2} data-size="sm" id="saksbehandler">
            Saksbehandler
          </Heading>
          <Paragraph data-testid="assignee">{assignee?.assignee ? `Saken er hos ${assignee.assignee}.` : 'Ingen har tatt saken.'}</Paragraph>
          {canStep && status !== 'closed' && (
            <div className="row">
              {assignee?.assignee === null && <Button onClick={() => void setAssigneeTo(me.sub)}>Ta saken</Button>}
              {assignee?.assignee === me.sub && (
                <Button variant="secondary" onClick={() => void setAssigneeTo(null)}>
                  Legg tilbake i køen
                </Button>
              )}
            </div>
          )}
          <Notice problem={problem} />
          <Heading level={3} data-size="xs">
            På vent
          </Heading>
          <HoldControl caseId={caseId} canChange={canStep || me.roles.includes('manager')} closed={status === 'closed'} />
          {assignee && assignee.history.length > 0 && (
            <Details>
              <Details.Summary>Historikk for tildeling</Details.Summary>
              <Details.Content>
                <ul>
                  {assignee.history.map((h, i) => (
                    <li key={i}>{`${when(h.at)}: ${h.assignee ? `tildelt ${h.assignee}` : 'lagt tilbake i køen'} (av ${h.actor})`}</li>
                  ))}
                </ul>
              </Details.Content>
            </Details>
          )}
        </section>
      </div>

      {done && (
        <div role="status" className="ds-alert" data-color="success">
          <Paragraph>{done}</Paragraph>
        </div>
      )}

      {canStep && (
        <section aria-labelledby="steg" className="stack">
          <Heading level={2} data-size="sm" id="steg">
            Neste steg
          </Heading>
          {/* A step someone else took first is no longer allowed, so its form is gone: the news stays here. */}
          {stepProblem && !isAllowed(stepProblem.step) && <Notice problem={stepProblem.problem} />}
          {allowed.length === 0 && <Paragraph>Saken tillater ingen steg nå (status «{STATUS[status] ?? status}»).</Paragraph>}
          {isAllowed('contact') && (
            <StepForm title="Kontakt med søker" submit="Registrer kontakt" problem={problemOf('contact')} onSubmit={async () => void (await step('contact', 'contact', note ? { note } : {}, clearNote, 'Kontakten er registrert.'))}>
              <Textfield label="Notat (valgfritt)" multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={fieldMessage(problemOf('contact'), 'note')} />
            </StepForm>
          )}
          {isAllowed('home-visit') && (
            <StepForm
              title={status === 'visit_scheduled' ? 'Flytt hjemmebesøket' : 'Avtal hjemmebesøk'}
              submit={status === 'visit_scheduled' ? 'Flytt besøket' : 'Avtal besøket'}
              problem={problemOf('home-visit')}
              onSubmit={async () =>
                void (await step('home-visit', 'home-visit', { scheduledAt: instantOf(visitDate, visitTime) }, () => {
                  clearVisitDate();
                  clearVisitTime();
                }, 'Hjemmebesøket er avtalt, og søkeren får en bekreftelse.'))
              }
            >
              <div className="row">
                <Textfield label="Dato" description="ÅÅÅÅ-MM-DD" value={visitDate} onChange={(e) => setVisitDate(e.target.value)} error={fieldMessage(problemOf('home-visit'), 'scheduledAt')} inputMode="numeric" />
                <Textfield label="Klokkeslett" description="TT:MM" value={visitTime} onChange={(e) => setVisitTime(e.target.value)} inputMode="numeric" />
              </div>
            </StepForm>
          )}
          {isAllowed('home-visit/complete') && (
            <StepForm title="Hjemmebesøket er gjennomført" submit="Registrer besøket" problem={problemOf('home-visit/complete')} onSubmit={async () => void (await step('home-visit/complete', 'home-visit/complete', visitNotes ? { notes: visitNotes } : {}, clearVisitNotes, 'Besøket er registrert.'))}>
              <Textfield label="Notater fra besøket (valgfritt)" multiline rows={3} value={visitNotes} onChange={(e) => setVisitNotes(e.target.value)} error={fieldMessage(problemOf('home-visit/complete'), 'notes')} />
            </StepForm>
          )}
          {proposals?.pending && (
            <ProposalPanel
              caseId={caseId}
              me={me}
              pending={proposals.pending}
              onApproved={async () => {
                setDone('Vedtaket er godkjent og fattet, og vedtaksbrevet er sendt.');
                await load();
              }}
              onChanged={load}
              onTakenFirst={async (p) => {
                setDone(null);
                setStepProblem({ step: 'decision', problem: p });
                await load();
              }}
            />
          )}
          {allowed
            // A decision waiting for its co-signer is the decision now: no second one beside it.
            .filter((a) => !OWN_FORMS.has(a.step) && !(a.step === 'decision' && proposals?.pending))
            .map((a) =>
              a.step === 'decision' ? (
                <SchemaStepForm
                  key={a.step}
                  step={a}
                  services={view.services}
                  problem={problemOf('decision')}
                  onSubmit={async (body) => {
                    // A decision is previewed first: its letter, before anything is sent.
                    setStepProblem(null);
                    setPreview(null);
                    try {
                      const letter = await call<{ subject: string; body: string }>('POST', `/api/cases/${caseId}/decision/preview`, body);
                      setPreview({ subject: letter.subject, body: letter.body, decision: body });
                      return true;
                    } catch (err) {
                      setStepProblem({ step: 'decision', problem: asProblem(err) });
                      return false;
                    }
                  }}
                  after={
                    preview && (
                      <section aria-labelledby="forhandsvisning" className="stack">
                        <Heading level={3} data-size="xs" id="forhandsvisning">
                          Forhåndsvisning: {preview.subject}
                        </Heading>
                        <pre className="letter" tabIndex={0} aria-label="Vedtaksbrevet slik det vil bli sendt">
                          {preview.body}
                        </pre>
                        <div className="row">
                          {proposals?.coSignRequired ? (
                            <Button onClick={() => void propose(preview.decision)}>Send til godkjenning</Button>
                          ) : (
                            <Button
                              onClick={() =>
                                void step('decision', 'decision', preview.decision, () => {
                                  clearStepDraft('decision');
                                  setPreview(null);
                                }, 'Vedtaket er fattet, og vedtaksbrevet er sendt.')
                              }
                            >
                              Fatt vedtak og send brevet
                            </Button>
                          )}
                        </div>
                        {proposals?.coSignRequired && <Paragraph>Kommunen krever at en annen saksbehandler godkjenner vedtaket før det sendes (to-trinnskontroll).</Paragraph>}
                      </section>
                    )
                  }
                />
              ) : (
                <SchemaStepForm key={a.step} step={a} services={view.services} problem={problemOf(a.step)} onSubmit={(body) => step(a.step, a.step, body, () => undefined, `Registrert: ${a.summary}`)} />
              ),
            )}
        </section>
      )}

      {canStep && status !== 'closed' && (
        <section aria-labelledby="representant" className="stack">
          <Heading level={2} data-size="sm" id="representant">
            Representant for søkeren
          </Heading>
          <RepresentativeForm
            caseId={caseId}
            current={view.representative ?? null}
            onDone={async (message) => {
              setDone(message);
              await load();
            }}
          />
        </section>
      )}

      <section aria-labelledby="brev">
        <Heading level={2} data-size="sm" id="brev">
          Brev
        </Heading>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>Brev</Table.HeaderCell>
              <Table.HeaderCell>Laget</Table.HeaderCell>
              <Table.HeaderCell>Kanal</Table.HeaderCell>
              <Table.HeaderCell>Levering</Table.HeaderCell>
              <Table.HeaderCell>PDF</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {letters.map((l) => (
              <Table.Row key={l.id} data-letter={l.kind}>
                <Table.Cell>
                  <Details>
                    <Details.Summary>{`${LETTER_KINDS[l.kind] ?? l.kind}: ${l.subject}`}</Details.Summary>
                    <Details.Content>
                      <pre className="letter" tabIndex={0} aria-label={`Brevet: ${l.subject}`}>
                        {l.body}
                      </pre>
                    </Details.Content>
                  </Details>
                </Table.Cell>
                <Table.Cell>{when(l.createdAt)}</Table.Cell>
                <Table.Cell>{l.channel === 'paper' ? 'Papir' : 'Digitalt'}</Table.Cell>
                <Table.Cell data-testid="delivery">
                  {deliveryText(l.delivery)}
                </Table.Cell>
                <Table.Cell>
                  <Link href={`/api/cases/${caseId}/letters/${l.id}.pdf`}>{`PDF av ${LETTER_KINDS[l.kind] ?? l.kind}`}</Link>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </section>

      <section aria-labelledby="historikk">
        <Heading level={2} data-size="sm" id="historikk">
          Tidslinje
        </Heading>
        <ol className="stack" data-testid="timeline">
          {events.map((e, i) => (
            <li key={i}>{`${when(e.at)}: ${EVENTS[e.type] ?? e.type} (${e.actor === 'system' ? 'automatisk' : e.actor})`}</li>
          ))}
        </ol>
      </section>
    </>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
