// The case page: status, deadlines, who has it, the timeline, every letter (its PDF and how its
// delivery went), and the forms of the steps the case allows now, with the API's messages beside
// the fields. A decision is previewed (its letter) before it is sent.
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Card, Details, Fieldset, Heading, Link, Paragraph, Radio, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { asProblem, Notice } from './common';
import { useDraft } from './draft';
import { DELIVERY, LETTER_KINDS, service, STATUS, when } from './words';

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
}
interface Letter {
  id: string;
  kind: string;
  channel: string;
  createdAt: string;
  subject: string;
  body: string;
  delivery: { status: string; deliveredAt: string | null; failedReason: string | null } | null;
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
};

/** Which forms the status allows (the contract's table of steps). */
const OPEN_BEFORE_DECISION = ['received', 'contacted', 'visit_scheduled', 'under_assessment'];

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

/** Oslo wall-clock date and time from two fields, as the instant the API takes. */
function instantOf(date: string, time: string): string {
  const local = new Date(`${date}T${time || '00:00'}`);
  return Number.isNaN(local.getTime()) ? `${date}T${time}` : local.toISOString();
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
  const [outcome, setOutcome, clearOutcome] = useDraft('decision.outcome', 'granted');
  const [hours, setHours, clearHours] = useDraft('decision.hours', '');
  const [justification, setJustification, clearJustification] = useDraft('decision.justification', '');
  const [preview, setPreview] = useState<{ subject: string; body: string } | null>(null);

  const load = useCallback(async () => {
    const [v, ev, le, as] = await Promise.all([
      call<CaseView>('GET', `/api/cases/${caseId}`),
      call<{ items: Event[] }>('GET', `/api/cases/${caseId}/events`),
      call<{ items: Letter[] }>('GET', `/api/cases/${caseId}/letters`),
      call<Assignee>('GET', `/api/cases/${caseId}/assignee`),
    ]);
    setView(v);
    setEvents(ev.items);
    setLetters(le.items);
    setAssignee(as);
  }, [caseId]);

  useEffect(() => {
    void load().catch((err: unknown) => setProblem(asProblem(err)));
  }, [load]);

  // A letter on its way: its delivery is looked at again until every letter has gone out.
  const pending = letters.some((l) => l.delivery === null || l.delivery.status === 'sent');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      void call<{ items: Letter[] }>('GET', `/api/cases/${caseId}/letters`).then((le) => setLetters(le.items), () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [pending, caseId]);

  const step = async (name: string, path: string, body: unknown, after: () => void, success: string) => {
    setStepProblem(null);
    setDone(null);
    try {
      const next = await call<CaseView>('POST', `/api/cases/${caseId}/${path}`, body);
      setView(next);
      after();
      setDone(success);
      await load();
    } catch (err) {
      const p = asProblem(err);
      setStepProblem({ step: name, problem: p });
      // Taken first by someone else: show the case as it is now.
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

  const decisionBody = () => ({
    outcome,
    services: view.services.map((code) => ({ code, ...(outcome !== 'refused' && hours !== '' ? { hoursPerWeek: Number(hours.replace(',', '.')) } : {}) })),
    justification,
  });
  const status = view.status;
  const canStep = me.roles.includes('caseworker');
  const title = `Sak ${view.caseNumber ?? view.id}`;

  return (
    <>
      <Link href="/">Tilbake til arbeidskøen</Link>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
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
          {!OPEN_BEFORE_DECISION.includes(status) && <Paragraph>Ingen steg på denne siden i status «{STATUS[status] ?? status}»; klage og revurdering gjøres i saksbehandlingssystemet mot API-et.</Paragraph>}
          {status === 'received' && (
            <StepForm title="Kontakt med søker" submit="Registrer kontakt" problem={problemOf('contact')} onSubmit={() => step('contact', 'contact', note ? { note } : {}, clearNote, 'Kontakten er registrert.')}>
              <Textfield label="Notat (valgfritt)" multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={fieldMessage(problemOf('contact'), 'note')} />
            </StepForm>
          )}
          {['received', 'contacted', 'visit_scheduled'].includes(status) && (
            <StepForm
              title={status === 'visit_scheduled' ? 'Flytt hjemmebesøket' : 'Avtal hjemmebesøk'}
              submit={status === 'visit_scheduled' ? 'Flytt besøket' : 'Avtal besøket'}
              problem={problemOf('home-visit')}
              onSubmit={() =>
                step('home-visit', 'home-visit', { scheduledAt: instantOf(visitDate, visitTime) }, () => {
                  clearVisitDate();
                  clearVisitTime();
                }, 'Hjemmebesøket er avtalt, og søkeren får en bekreftelse.')
              }
            >
              <div className="row">
                <Textfield label="Dato" description="ÅÅÅÅ-MM-DD" value={visitDate} onChange={(e) => setVisitDate(e.target.value)} error={fieldMessage(problemOf('home-visit'), 'scheduledAt')} inputMode="numeric" />
                <Textfield label="Klokkeslett" description="TT:MM" value={visitTime} onChange={(e) => setVisitTime(e.target.value)} inputMode="numeric" />
              </div>
            </StepForm>
          )}
          {status === 'visit_scheduled' && (
            <StepForm title="Hjemmebesøket er gjennomført" submit="Registrer besøket" problem={problemOf('home-visit/complete')} onSubmit={() => step('home-visit/complete', 'home-visit/complete', visitNotes ? { notes: visitNotes } : {}, clearVisitNotes, 'Besøket er registrert; saken er under vurdering.')}>
              <Textfield label="Notater fra besøket (valgfritt)" multiline rows={3} value={visitNotes} onChange={(e) => setVisitNotes(e.target.value)} error={fieldMessage(problemOf('home-visit/complete'), 'notes')} />
            </StepForm>
          )}
          {OPEN_BEFORE_DECISION.includes(status) && (
            <StepForm
              title="Vedtak"
              submit="Forhåndsvis vedtaksbrevet"
              problem={problemOf('decision')}
              onSubmit={async () => {
                setStepProblem(null);
                setPreview(null);
                try {
                  setPreview(await call<{ subject: string; body: string }>('POST', `/api/cases/${caseId}/decision/preview`, decisionBody()));
                } catch (err) {
                  setStepProblem({ step: 'decision', problem: asProblem(err) });
                }
              }}
            >
              <Fieldset>
                <Fieldset.Legend>Utfall</Fieldset.Legend>
                {[
                  ['granted', 'Innvilget'],
                  ['refused', 'Avslått'],
                ].map(([value, label]) => (
                  <Radio key={value} name="utfall" value={value} label={label} checked={outcome === value} onChange={() => setOutcome(value!)} />
                ))}
              </Fieldset>
              <Textfield label="Timer per uke (valgfritt)" value={hours} onChange={(e) => setHours(e.target.value)} inputMode="decimal" error={fieldMessage(problemOf('decision'), 'services')} />
              <Textfield
                label="Begrunnelse"
                multiline
                rows={5}
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
                error={fieldMessage(problemOf('decision'), 'justification')}
              />
            </StepForm>
          )}
          {preview && OPEN_BEFORE_DECISION.includes(status) && (
            <Card data-color="accent">
              <section aria-labelledby="forhandsvisning" className="stack">
                <Heading level={3} data-size="xs" id="forhandsvisning">
                  Forhåndsvisning: {preview.subject}
                </Heading>
                <pre className="letter" tabIndex={0} aria-label="Vedtaksbrevet slik det vil bli sendt">
                  {preview.body}
                </pre>
                <div className="row">
                  <Button
                    onClick={() =>
                      void step('decision', 'decision', decisionBody(), () => {
                        clearOutcome();
                        clearHours();
                        clearJustification();
                        setPreview(null);
                      }, 'Vedtaket er fattet, og vedtaksbrevet er sendt.')
                    }
                  >
                    Fatt vedtak og send brevet
                  </Button>
                </div>
              </section>
            </Card>
          )}
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
                  {l.delivery ? `${DELIVERY[l.delivery.status] ?? l.delivery.status}${l.delivery.deliveredAt ? ` ${when(l.delivery.deliveredAt)}` : ''}${l.delivery.failedReason ? `: ${l.delivery.failedReason}` : ''}` : 'Ikke sendt ennå'}
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
