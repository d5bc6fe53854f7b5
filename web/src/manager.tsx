// The manager's board: overdue cases first, what falls due in the coming two weeks, open cases by
// status and the office's figures as charts (with the same figures as tables), workload per
// caseworker, reassignment, and each case's workflow in the Temporal Web UI.
import { useCallback, useEffect, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { Button, Details, Heading, Link, Paragraph, Table, Textfield } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { asProblem, DaysLeft, isOverdue, Notice, type CaseItem } from './common';
import { day, service, STATUS } from './words';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

interface MonthFigures {
  month: string;
  provisionalReplies: { sent: number; onTime: number };
  decisions: { count: number; medianDays: number | null; meanDays: number | null };
  appeals: { received: number; reconsideration: Record<string, number>; appealBody: Record<string, number> };
}

const MONTH = new Intl.DateTimeFormat('nb-NO', { month: 'short', year: 'numeric', timeZone: 'UTC' });
function monthName(key: string): string {
  return MONTH.format(new Date(`${key}-15T12:00:00Z`));
}

const OUTCOMES: Record<string, string> = {
  reversed: 'omgjort',
  partially_reversed: 'delvis omgjort',
  upheld: 'opprettholdt',
  dismissed: 'avvist',
  quashed: 'opphevet',
};

interface Series {
  label: string;
  values: Array<number | null>;
  color: string;
}

/**
 * Figures per month as a chart on a canvas, its text alternative stating every figure, and the same
 * figures in a table under it.
 */
function MonthChart({ id, title, kind, months, series, stacked }: { id: string; title: string; kind: 'bar' | 'line'; months: string[]; series: Series[]; stacked?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: kind,
      data: {
        labels: months.map(monthName),
        datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color, spanGaps: true })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: stacked ?? false }, y: { stacked: stacked ?? false, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [kind, months, series, stacked]);
  const text = months.map((m, i) => `${monthName(m)}: ${series.map((s) => `${s.label} ${s.values[i] ?? '–'}`).join(', ')}`).join('; ');
  return (
    <section aria-labelledby={`${id}-title`} className="stack">
      <Heading level={3} data-size="xs" id={`${id}-title`}>
        {title}
      </Heading>
      <div className="chart">
        <canvas ref={canvas} id={id} role="img" aria-label={`${title}. ${text}`} />
      </div>
      <Details>
        <Details.Summary>{`Tallene: ${title.toLowerCase()}`}</Details.Summary>
        <Details.Content>
          <Table data-testid={`${id}-table`}>
            <caption className="ds-sr-only">{title}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>Måned</Table.HeaderCell>
                {series.map((s) => (
                  <Table.HeaderCell key={s.label} className="num">
                    {s.label}
                  </Table.HeaderCell>
                ))}
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {months.map((m, i) => (
                <Table.Row key={m} data-month={m}>
                  <Table.HeaderCell scope="row">{monthName(m)}</Table.HeaderCell>
                  {series.map((s) => (
                    <Table.Cell key={s.label} className="num">
                      {s.values[i] ?? '–'}
                    </Table.Cell>
                  ))}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </Details.Content>
      </Details>
    </section>
  );
}

/** The office's figures per month, the last twelve months. */
function OverTime({ months }: { months: MonthFigures[] }) {
  const keys = months.map((m) => m.month);
  const outcomes = (part: 'reconsideration' | 'appealBody', prefix: string, colors: string[]): Series[] =>
    Object.keys(months[0]?.appeals[part] ?? {}).map((outcome, i) => ({ label: `${prefix} ${OUTCOMES[outcome] ?? outcome}`, values: months.map((m) => m.appeals[part][outcome] ?? 0), color: colors[i % colors.length]! }));
  return (
    <section aria-labelledby="over-tid" className="stack">
      <Heading level={2} data-size="sm" id="over-tid">
        Tallene over tid (per måned)
      </Heading>
      <div className="grid2">
        <MonthChart
          id="provisional-chart"
          title="Foreløpige svar"
          kind="bar"
          stacked
          months={keys}
          series={[
            { label: 'I tide', values: months.map((m) => m.provisionalReplies.onTime), color: '#1e5a8c' },
            { label: 'For sent', values: months.map((m) => m.provisionalReplies.sent - m.provisionalReplies.onTime), color: '#b3261e' },
          ]}
        />
        <MonthChart
          id="decision-days-chart"
          title="Dager fra mottak til vedtak"
          kind="line"
          months={keys}
          series={[
            { label: 'Median', values: months.map((m) => m.decisions.medianDays), color: '#1e5a8c' },
            { label: 'Gjennomsnitt', values: months.map((m) => m.decisions.meanDays), color: '#6b4e16' },
            { label: 'Antall vedtak', values: months.map((m) => m.decisions.count), color: '#2e7d32' },
          ]}
        />
        <MonthChart
          id="appeals-chart"
          title="Klager etter utfall"
          kind="bar"
          months={keys}
          series={[
            { label: 'Mottatt', values: months.map((m) => m.appeals.received), color: '#444444' },
            ...outcomes('reconsideration', 'Kontoret:', ['#1e5a8c', '#4a7fb0', '#b3261e', '#6b4e16']),
            ...outcomes('appealBody', 'Klageinstansen:', ['#2e7d32', '#8e44ad', '#c05600']),
          ]}
        />
      </div>
    </section>
  );
}

interface Stats {
  openCases: { total: number; byStatus: Record<string, number> };
  closedCases: number;
  overdueCases: number;
  provisionalRepliesSent: number;
  appeals: { received: number; reconsideration: Record<string, number>; appealBody: Record<string, number> };
  processingTimeDays: { decidedCases: number; median: number | null; p90: number | null };
}

/** A bar chart on a canvas, described for a screen reader; the figures are in the table beside it. */
function BarChart({ id, label, data }: { id: string; label: string; data: Array<[string, number]> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: data.map(([k]) => k), datasets: [{ label, data: data.map(([, v]) => v), backgroundColor: '#1e5a8c' }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.destroy();
  }, [data, label]);
  return (
    <div className="chart">
      <canvas ref={canvas} id={id} role="img" aria-label={`${label}: ${data.map(([k, v]) => `${k} ${v}`).join(', ')}`} />
    </div>
  );
}

function Reassign({ item, onDone }: { item: CaseItem; onDone: () => Promise<void> }) {
  const [sub, setSub] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  return (
    <form
      className="row"
      aria-label={`Tildel sak ${item.caseNumber ?? item.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        void call('POST', `/api/cases/${item.id}/assignee`, { sub: sub.trim() === '' ? null : sub.trim() }).then(
          () => onDone(),
          (err: unknown) => setProblem(asProblem(err)),
        );
      }}
    >
      <Textfield label={`Ny saksbehandler for sak ${item.caseNumber ?? ''}`} data-size="sm" value={sub} onChange={(e) => setSub(e.target.value)} error={fieldMessage(problem, 'sub') ?? (problem && problem.details.length === 0 ? problem.message : undefined)} />
      <Button type="submit" data-size="sm" variant="secondary">
        Tildel
      </Button>
    </form>
  );
}

export function ManagerPage({ me }: { me: Me }) {
  const [stats, setStats] = useState<Stats | null>(null);
  const [monthly, setMonthly] = useState<MonthFigures[] | null>(null);
  const [items, setItems] = useState<CaseItem[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const load = useCallback(async () => {
    const [s, page, m] = await Promise.all([
      call<Stats>('GET', '/api/stats'),
      call<{ items: CaseItem[] }>('GET', '/api/cases?sort=deadline&limit=100'),
      call<{ months: MonthFigures[] }>('GET', '/api/stats/monthly?months=12'),
    ]);
    setStats(s);
    setMonthly(m.months);
    setItems(page.items.filter((c) => c.status !== 'closed'));
  }, []);
  useEffect(() => {
    void load().catch((err: unknown) => setProblem(asProblem(err)));
  }, [load]);

  if (!stats || !items || !monthly) return problem ? <Notice problem={problem} /> : <Paragraph>Laster …</Paragraph>;

  const overdue = items.filter(isOverdue);
  const soon = items.filter((c) => !isOverdue(c) && c.nextDeadline !== null && Date.parse(c.nextDeadline) - Date.now() < 14 * 86_400_000);
  const workload = new Map<string, number>();
  for (const c of items) workload.set(c.assignee ?? 'Ikke tildelt', (workload.get(c.assignee ?? 'Ikke tildelt') ?? 0) + 1);
  const byStatus = Object.entries(stats.openCases.byStatus).map(([k, v]) => [STATUS[k] ?? k, v] as [string, number]);
  const appeals: Array<[string, number]> = [
    ...Object.entries(stats.appeals.reconsideration).map(([k, v]) => [`Ny vurdering: ${k}`, v] as [string, number]),
    ...Object.entries(stats.appeals.appealBody).map(([k, v]) => [`Klageinstans: ${k}`, v] as [string, number]),
  ];
  const workflowLink = (c: CaseItem) => (me.temporalUi ? `${me.temporalUi.url}/namespaces/${encodeURIComponent(me.temporalUi.namespace)}/workflows/case-${c.id}` : null);

  const caseTable = (list: CaseItem[], caption: string, reassign: boolean) => (
    <Table zebra>
      <caption className="ds-sr-only">{caption}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>Sak</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell>Tjenester</Table.HeaderCell>
          <Table.HeaderCell>Frist</Table.HeaderCell>
          <Table.HeaderCell>Dager igjen</Table.HeaderCell>
          <Table.HeaderCell>Saksbehandler</Table.HeaderCell>
          {reassign && <Table.HeaderCell>Tildel</Table.HeaderCell>}
          <Table.HeaderCell>Arbeidsflyt</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {list.map((c) => (
          <Table.Row key={c.id} data-case={c.id}>
            <Table.Cell>{`Sak ${c.caseNumber ?? c.id.slice(0, 8)} (${c.municipality})`}</Table.Cell>
            <Table.Cell>{STATUS[c.status] ?? c.status}</Table.Cell>
            <Table.Cell>{c.services.map(service).join(', ')}</Table.Cell>
            <Table.Cell>{day(c.nextDeadline)}</Table.Cell>
            <Table.Cell>
              <DaysLeft item={c} />
            </Table.Cell>
            <Table.Cell data-testid="assignee">{c.assignee ?? 'Ingen'}</Table.Cell>
            {reassign && (
              <Table.Cell>
                <Reassign item={c} onDone={load} />
              </Table.Cell>
            )}
            <Table.Cell>{workflowLink(c) ? <Link href={workflowLink(c)!}>{`Arbeidsflyt for sak ${c.caseNumber ?? ''}`}</Link> : '–'}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );

  return (
    <>
      <Heading level={1} data-size="lg">
        Ledertavle
      </Heading>
      <section aria-labelledby="forfalt" className="stack">
        <Heading level={2} data-size="sm" id="forfalt">
          {`Forfalte saker (${overdue.length})`}
        </Heading>
        {overdue.length === 0 ? <Paragraph>Ingen saker er over fristen.</Paragraph> : caseTable(overdue, 'Forfalte saker, eldste frist først', true)}
      </section>
      <section aria-labelledby="snart" className="stack">
        <Heading level={2} data-size="sm" id="snart">
          {`Frister de neste to ukene (${soon.length})`}
        </Heading>
        {soon.length === 0 ? <Paragraph>Ingen frister de neste to ukene.</Paragraph> : caseTable(soon, 'Saker med frist de neste to ukene', true)}
      </section>
      <div className="grid2">
        <section aria-labelledby="status-figur" className="stack">
          <Heading level={2} data-size="sm" id="status-figur">
            {`Åpne saker etter status (${stats.openCases.total})`}
          </Heading>
          <BarChart id="status-chart" label="Åpne saker etter status" data={byStatus} />
        </section>
        <section aria-labelledby="tall" className="stack">
          <Heading level={2} data-size="sm" id="tall">
            Kontorets tall
          </Heading>
          <dl className="facts">
            <dt>Saker over fristen</dt>
            <dd>{stats.overdueCases}</dd>
            <dt>Foreløpige svar sendt</dt>
            <dd>{stats.provisionalRepliesSent}</dd>
            <dt>Dager fra mottak til vedtak (median)</dt>
            <dd>{stats.processingTimeDays.median ?? '–'}</dd>
            <dt>Dager fra mottak til vedtak (90. persentil)</dt>
            <dd>{stats.processingTimeDays.p90 ?? '–'}</dd>
            <dt>Avsluttede saker</dt>
            <dd>{stats.closedCases}</dd>
            <dt>Klager mottatt</dt>
            <dd>{stats.appeals.received}</dd>
          </dl>
          <BarChart id="appeal-chart" label="Klager etter utfall" data={appeals} />
        </section>
      </div>
      <OverTime months={monthly} />
      <section aria-labelledby="arbeidsmengde" className="stack">
        <Heading level={2} data-size="sm" id="arbeidsmengde">
          Arbeidsmengde per saksbehandler
        </Heading>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>Saksbehandler</Table.HeaderCell>
              <Table.HeaderCell className="num">Åpne saker</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {[...workload.entries()].map(([who, n]) => (
              <Table.Row key={who}>
                <Table.Cell>{who}</Table.Cell>
                <Table.Cell className="num">{n}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </section>
    </>
  );
}
