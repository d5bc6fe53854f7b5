// The auditor's page: the access log (tilgangslogg) searched by case, person or period, and "who has
// read this case" for an applicant's request for innsyn (printable).
import { useState, type FormEvent } from 'react';
import { Button, Heading, Link, Paragraph, Table, Textfield } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { asProblem, Notice } from './common';
import { useDraft } from './draft';
import { ROLES, when } from './words';

interface Row {
  at: string;
  actor: string;
  role: string;
  municipality: string | null;
  caseId: string | null;
  action: string;
  reason: string | null;
}

const ACTIONS: Record<string, string> = {
  'case.view': 'Åpnet saken',
  'case.events': 'Leste historikken',
  'case.letters': 'Leste brevene',
  'case.letter_pdf': 'Åpnet et brev (PDF)',
  'case.register': 'Registrerte saken',
  'case.assignee': 'Endret saksbehandler',
  'case.hold': 'Satte saken på vent eller tok den av',
  'case.decision.proposal': 'Foreslo et vedtak til godkjenning',
  'case.decision.proposal.read': 'Leste vedtak til godkjenning',
  'case.decision.proposal.return': 'Sendte tilbake et foreslått vedtak',
  'case.decision.preview': 'Forhåndsviste vedtaksbrev',
  'case.steps': 'Så hvilke steg saken tillater',
  'case.readers.pdf': 'Laget «Hvem har lest saken» (PDF)',
  'cases.list': 'Saksliste',
};

function dayStart(value: string, end = false): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00`);
  if (Number.isNaN(d.getTime())) return value;
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export function AuditorPage(_props: { me: Me }) {
  const [caseId, setCaseId] = useDraft('caseId', new URLSearchParams(location.search).get('sak') ?? '');
  const [actor, setActor] = useDraft('actor', '');
  const [from, setFrom] = useDraft('from', '');
  const [to, setTo] = useDraft('to', '');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const query = new URLSearchParams({ limit: '100' });
    if (caseId.trim()) query.set('caseId', caseId.trim());
    if (actor.trim()) query.set('actor', actor.trim());
    const f = dayStart(from);
    const t = dayStart(to, true);
    if (f) query.set('from', f);
    if (t) query.set('to', t);
    try {
      setRows((await call<{ items: Row[] }>('GET', `/api/access-log?${query}`)).items);
    } catch (err) {
      setProblem(asProblem(err));
      setRows(null);
    }
  };

  const readers = new Map<string, { role: string; count: number; first: string; last: string }>();
  for (const r of rows ?? []) {
    const seen = readers.get(r.actor);
    if (!seen) readers.set(r.actor, { role: r.role, count: 1, first: r.at, last: r.at });
    else {
      seen.count++;
      if (r.at < seen.first) seen.first = r.at;
      if (r.at > seen.last) seen.last = r.at;
    }
  }

  return (
    <>
      <Heading level={1} data-size="lg">
        Tilgangslogg
      </Heading>
      <form className="stack" onSubmit={(e) => void search(e)} noValidate aria-label="Søk i tilgangsloggen">
        <div className="row">
          <Textfield label="Sak (saks-id)" value={caseId} onChange={(e) => setCaseId(e.target.value)} error={fieldMessage(problem, 'caseId')} />
          <Textfield label="Person (brukernavn)" value={actor} onChange={(e) => setActor(e.target.value)} error={fieldMessage(problem, 'actor')} />
          <Textfield label="Fra dato" description="ÅÅÅÅ-MM-DD" value={from} onChange={(e) => setFrom(e.target.value)} error={fieldMessage(problem, 'from')} />
          <Textfield label="Til og med dato" description="ÅÅÅÅ-MM-DD" value={to} onChange={(e) => setTo(e.target.value)} error={fieldMessage(problem, 'to')} />
        </div>
        <div className="row">
          <Button type="submit">Søk</Button>
          {rows && rows.length > 0 && (
            <Button type="button" variant="secondary" onClick={() => window.print()}>
              Skriv ut eller lagre som PDF
            </Button>
          )}
        </div>
      </form>
      <Notice problem={problem} />
      {rows && caseId.trim() && (
        <section aria-labelledby="hvem" className="stack">
          <Heading level={2} data-size="sm" id="hvem">
            Hvem har lest saken
          </Heading>
          {/^[0-9a-fA-F-]{36}$/.test(caseId.trim()) && (
            <Paragraph>
              {/* Made by the server, in bokmål, to hand to the applicant; that it was made is logged too. */}
              <Link href={`/api/cases/${caseId.trim()}/readers.pdf`}>Last ned «Hvem har lest saken» som PDF</Link>
            </Paragraph>
          )}
          {readers.size === 0 ? (
            <Paragraph>Ingen har lest saken i perioden.</Paragraph>
          ) : (
            <Table data-testid="readers">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>Person</Table.HeaderCell>
                  <Table.HeaderCell>Rolle</Table.HeaderCell>
                  <Table.HeaderCell className="num">Antall oppslag</Table.HeaderCell>
                  <Table.HeaderCell>Første</Table.HeaderCell>
                  <Table.HeaderCell>Siste</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {[...readers.entries()].map(([who, r]) => (
                  <Table.Row key={who}>
                    <Table.Cell>{who}</Table.Cell>
                    <Table.Cell>{ROLES[r.role] ?? r.role}</Table.Cell>
                    <Table.Cell className="num">{r.count}</Table.Cell>
                    <Table.Cell>{when(r.first)}</Table.Cell>
                    <Table.Cell>{when(r.last)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}
        </section>
      )}
      {rows && (
        <section aria-labelledby="rader" className="stack">
          <Heading level={2} data-size="sm" id="rader">
            {`Oppslag (${rows.length})`}
          </Heading>
          <Table zebra>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>Tidspunkt</Table.HeaderCell>
                <Table.HeaderCell>Person</Table.HeaderCell>
                <Table.HeaderCell>Rolle</Table.HeaderCell>
                <Table.HeaderCell>Hva</Table.HeaderCell>
                <Table.HeaderCell>Sak</Table.HeaderCell>
                <Table.HeaderCell>Begrunnelse</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((r, i) => (
                <Table.Row key={i}>
                  <Table.Cell>{when(r.at)}</Table.Cell>
                  <Table.Cell>{r.actor}</Table.Cell>
                  <Table.Cell>{ROLES[r.role] ?? r.role}</Table.Cell>
                  <Table.Cell>{ACTIONS[r.action] ?? (r.action.startsWith('case.step.') ? `Steg: ${r.action.slice(10)}` : r.action)}</Table.Cell>
                  <Table.Cell>{r.caseId ?? '–'}</Table.Cell>
                  <Table.Cell>{r.reason ?? '–'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </section>
      )}
    </>
  );
}
