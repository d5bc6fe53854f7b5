// The caseworker's work queue: their municipalities' cases, unassigned / mine / all, overdue first,
// then the nearest deadline, with days left; a case is taken from here.
import { useCallback, useEffect, useState } from 'react';
import { Button, Details, Field, Heading, Label, Link, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { asProblem, DaysLeft, Notice, type CaseItem } from './common';
import { day, HOLD_REASONS, service, STATUS } from './words';

type Whose = 'none' | 'me' | 'all';
const WHOSE: Record<Whose, string> = { none: 'Ikke tildelt', me: 'Mine', all: 'Alle' };

/** A saved filter (GET/POST /api/saved-filters): the queue's choices under a name, the user's own. */
interface SavedFilter {
  name: string;
  assignee: Whose;
  municipality?: string;
  status?: string;
}

/** The person's saved filters: applied with one click, saved from what the queue shows now, removed. */
function SavedFilters({ current, apply }: { current: Omit<SavedFilter, 'name'>; apply: (f: SavedFilter) => void }) {
  const [items, setItems] = useState<SavedFilter[] | null>(null);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    void call<{ items: SavedFilter[] }>('GET', '/api/saved-filters').then(
      (r) => setItems(r.items),
      (err: unknown) => setProblem(asProblem(err)),
    );
  }, []);
  const save = async (next: SavedFilter[]) => {
    setProblem(null);
    try {
      setItems((await call<{ items: SavedFilter[] }>('POST', '/api/saved-filters', { items: next })).items);
      return true;
    } catch (err) {
      setProblem(asProblem(err));
      return false;
    }
  };
  const list = items ?? [];
  // The field the API names for the new filter (the last in the list sent).
  const nameError = fieldMessage(problem, `items[${list.length}].name`) ?? fieldMessage(problem, `items[${list.length}]`);
  return (
    <section aria-labelledby="utvalg" className="stack">
      <Heading level={2} data-size="xs" id="utvalg">
        Lagrede utvalg
      </Heading>
      {list.length === 0 ? (
        <Paragraph data-size="sm">Du har ingen lagrede utvalg.</Paragraph>
      ) : (
        <ul className="nav" data-testid="saved-filters">
          {list.map((f, i) => (
            <li key={f.name} className="row">
              <Button data-size="sm" variant="secondary" onClick={() => apply(f)}>
                {`Vis «${f.name}»`}
              </Button>
              <Button data-size="sm" variant="tertiary" onClick={() => void save(list.filter((_, j) => j !== i))}>
                {`Fjern «${f.name}»`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Details>
        <Details.Summary>Lagre dette utvalget</Details.Summary>
        <Details.Content>
          <form
            className="row"
            aria-label="Lagre dette utvalget"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save([...list, { name, ...current }]).then((ok) => ok && setName(''));
            }}
          >
            <Textfield label="Navn på utvalget" value={name} onChange={(e) => setName(e.target.value)} error={nameError} />
            <Button type="submit" data-size="sm">
              Lagre utvalget
            </Button>
          </form>
        </Details.Content>
      </Details>
      {!nameError && <Notice problem={problem} />}
    </section>
  );
}

export function QueuePage({ me }: { me: Me }) {
  const [whose, setWhose] = useState<Whose>(() => (new URLSearchParams(location.search).get('vis') as Whose | null) ?? 'none');
  const [municipality, setMunicipality] = useState<string>('');
  const [status, setStatus] = useState<string>('');
  // '': both; 'true': only the cases on hold; 'false': only the others.
  const [onHold, setOnHold] = useState<'' | 'true' | 'false'>('');
  const [items, setItems] = useState<CaseItem[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const load = useCallback(async () => {
    const query = new URLSearchParams({ sort: 'deadline', limit: '100' });
    if (whose !== 'all') query.set('assignee', whose);
    if (municipality) query.set('municipality', municipality);
    if (status) query.set('status', status);
    if (onHold) query.set('onHold', onHold);
    const page = await call<{ items: CaseItem[] }>('GET', `/api/cases?${query}`);
    setItems(page.items.filter((c) => c.status !== 'closed'));
  }, [whose, municipality, status, onHold]);

  useEffect(() => {
    void load().catch((err: unknown) => setProblem(asProblem(err)));
    history.replaceState(null, '', whose === 'none' ? '/' : `/?vis=${whose}`);
  }, [load, whose]);

  const take = async (c: CaseItem) => {
    setProblem(null);
    try {
      await call('POST', `/api/cases/${c.id}/assignee`, { sub: me.sub });
      await load();
    } catch (err) {
      setProblem(asProblem(err));
      await load();
    }
  };

  return (
    <>
      <Heading level={1} data-size="lg">
        Arbeidskø
      </Heading>
      <div className="row">
        <nav aria-label="Hvilke saker">
          <ul className="nav">
            {(Object.keys(WHOSE) as Whose[]).map((w) => (
              <li key={w}>
                <Link
                  href={w === 'none' ? '/' : `/?vis=${w}`}
                  aria-current={whose === w ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    setWhose(w);
                  }}
                >
                  {WHOSE[w]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {me.municipalities.length > 1 && (
          <Field>
            <Label>Kommune</Label>
            <Select value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
              <Select.Option value="">Alle mine kommuner</Select.Option>
              {me.municipalities.map((m) => (
                <Select.Option key={m} value={m}>
                  {m}
                </Select.Option>
              ))}
            </Select>
          </Field>
        )}
        <Field>
          <Label>Status</Label>
          <Select value={status} onChange={(e) => setStatus(e.target.value)}>
            <Select.Option value="">Alle åpne</Select.Option>
            {Object.entries(STATUS)
              .filter(([code]) => code !== 'closed')
              .map(([code, text]) => (
                <Select.Option key={code} value={code}>
                  {text}
                </Select.Option>
              ))}
          </Select>
        </Field>
        <Field>
          <Label>På vent</Label>
          <Select value={onHold} onChange={(e) => setOnHold(e.target.value as '' | 'true' | 'false')}>
            <Select.Option value="">Med og uten</Select.Option>
            <Select.Option value="true">Bare saker på vent</Select.Option>
            <Select.Option value="false">Ikke saker på vent</Select.Option>
          </Select>
        </Field>
      </div>
      <SavedFilters
        current={{ assignee: whose, ...(municipality ? { municipality } : {}), ...(status ? { status } : {}) }}
        apply={(f) => {
          setWhose(f.assignee);
          setMunicipality(f.municipality ?? '');
          setStatus(f.status ?? '');
        }}
      />
      <Notice problem={problem} />
      {items === null ? (
        <Paragraph>Laster saker …</Paragraph>
      ) : items.length === 0 ? (
        <Paragraph>Ingen saker her.</Paragraph>
      ) : (
        <Table zebra>
          <caption className="ds-sr-only">{`${WHOSE[whose]}: saker sortert etter frist, forfalte først`}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>Sak</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Tjenester</Table.HeaderCell>
              <Table.HeaderCell>Mottatt</Table.HeaderCell>
              <Table.HeaderCell>Neste frist</Table.HeaderCell>
              <Table.HeaderCell>Dager igjen</Table.HeaderCell>
              <Table.HeaderCell>På vent</Table.HeaderCell>
              <Table.HeaderCell>Saksbehandler</Table.HeaderCell>
              <Table.HeaderCell>Handling</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {items.map((c) => (
              <Table.Row key={c.id} data-case={c.id}>
                <Table.Cell>
                  <Link href={`/sak/${c.id}`}>{`Sak ${c.caseNumber ?? c.id.slice(0, 8)} (${c.municipality})`}</Link>
                </Table.Cell>
                <Table.Cell>
                  {STATUS[c.status] ?? c.status}
                  {c.flags.applicantDeceased && (
                    <>
                      {' '}
                      <Tag data-color="warning" data-testid="applicant-deceased">
                        Søker død
                      </Tag>
                    </>
                  )}
                </Table.Cell>
                <Table.Cell>{c.services.map(service).join(', ')}</Table.Cell>
                <Table.Cell>{day(c.receivedAt)}</Table.Cell>
                <Table.Cell>{day(c.nextDeadline)}</Table.Cell>
                <Table.Cell>
                  <DaysLeft item={c} />
                </Table.Cell>
                <Table.Cell data-testid="on-hold">{c.onHold ? <Tag data-color="warning">{HOLD_REASONS[c.onHold.reason] ?? c.onHold.reason}</Tag> : 'Nei'}</Table.Cell>
                <Table.Cell>{c.assignee ?? 'Ingen'}</Table.Cell>
                <Table.Cell>
                  {c.assignee === null ? (
                    <Button data-size="sm" variant="secondary" onClick={() => void take(c)} aria-label={`Ta sak ${c.caseNumber ?? c.id}`}>
                      Ta saken
                    </Button>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
