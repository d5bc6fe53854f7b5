// The forms of the steps a case allows now, built from what the API says (GET /api/cases/:id/steps):
// which steps, and each one's body as the JSON Schema the step route checks. No second list of steps
// or fields lives here: a step added to the law shows up as a form, in the API's words until it is
// given Norwegian ones below. A field the API refuses gets the API's message beside it.
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Card, Checkbox, Fieldset, Heading, Paragraph, Radio, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import type { ApiProblem, FieldProblem } from './api';
import { Notice } from './common';
import { useDraft } from './draft';
import { service } from './words';

/** The part of JSON Schema the steps' bodies use. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  format?: string;
  maxLength?: number;
  description?: string;
}

export interface AllowedStep {
  step: string;
  summary: string;
  body: JsonSchema;
}

// ---- The pages' words for the steps, fields and values (the API's own words where none is given) ----

const STEP_TITLES: Record<string, [title: string, submit: string, hint?: string]> = {
  'home-visit/cancel': ['Avlys hjemmebesøket', 'Avlys besøket'],
  'provisional-reply': ['Foreløpig svar', 'Send foreløpig svar', 'Søkeren får et brev om når vedtaket kan ventes (forvaltningsloven § 11 a).'],
  decision: ['Vedtak', 'Forhåndsvis vedtaksbrevet', 'Utfall per tjeneste: ved delvis innvilget må hver tjeneste ha sitt utfall.'],
  appeal: ['Registrer klage', 'Registrer klagen', 'Søkeren får en bekreftelse på at klagen er mottatt.'],
  reconsideration: ['Kontorets vurdering av klagen', 'Registrer vurderingen', 'Opprettholdt (eller delvis omgjort): klagen sendes til klageinstansen, og søkeren får beskjed.'],
  'appeal-body-decision': ['Klageinstansens avgjørelse', 'Registrer avgjørelsen'],
  're-evaluation': ['Revurdering', 'Registrer revurderingen', 'Redusert eller avsluttet tjeneste krever forhåndsvarsel først, med mindre det haster.'],
  withdraw: ['Søkeren trekker saken', 'Registrer at saken er trukket'],
  'appeal/withdraw': ['Søkeren trekker klagen', 'Registrer at klagen er trukket', 'Vedtaket står som det var.'],
  'decision-received': ['Når søkeren fikk vedtaket', 'Registrer mottaket', 'Klagefristen regnes fra denne dagen.'],
  'advance-notice': ['Forhåndsvarsel', 'Send forhåndsvarselet', 'Før en tjeneste reduseres eller avsluttes (forvaltningsloven § 16).'],
  deferral: ['Utsatt iverksetting', 'Registrer svaret', 'Svar på søkerens ønske om at vedtaket venter til klagen er avgjort (forvaltningsloven § 42).'],
  'place-offered': ['Tilbud om plass', 'Registrer tilbudet', 'Søkeren står på venteliste for langtidsopphold; tilbudet er tildelingen.'],
};

/** Field names: `<step>:<path>` first, then the property's own name. */
const LABELS: Record<string, string> = {
  note: 'Notat',
  notes: 'Notater',
  reason: 'Begrunnelse',
  'provisional-reply:reason': 'Hvorfor saken tar tid',
  'withdraw:reason': 'Hva søkeren sa',
  'appeal/withdraw:reason': 'Hva søkeren sa',
  'home-visit/cancel:reason': 'Hvorfor besøket avlyses',
  'advance-notice:reason': 'Hvorfor kontoret vurderer endringen',
  'urgent.reason': 'Hvorfor det haster',
  expectedDecisionBy: 'Vedtak kan ventes innen',
  outcome: 'Utfall',
  services: 'Tjenester',
  'appeal:services': 'Tjenester det klages på (ingen valgt: alle i vedtaket)',
  justification: 'Begrunnelse',
  deliveredAt: 'Søkeren fikk vedtaket',
  receivedAt: 'Mottatt',
  'appeal:receivedAt': 'Klagen kom inn',
  'decision-received:receivedAt': 'Søkeren fikk vedtaket',
  sentAt: 'Søkeren sendte klagen',
  text: 'Klagen',
  decision: 'Nytt vedtak',
  'decision.outcome': 'Utfall av det nye vedtaket',
  'decision.justification': 'Begrunnelse for det nye vedtaket',
  'services.outcome': 'Utfall for tjenesten',
  'decision.services.outcome': 'Utfall for tjenesten',
  'appeal-body-decision:decision': 'Klageinstansens endrede vedtak',
  body: 'Klageinstans',
  effectiveFrom: 'Gjelder fra',
  urgent: 'Haster (uten forhåndsvarsel)',
  hoursPerWeek: 'Timer per uke',
  from: 'Fra',
  'place-offered:from': 'Plassen er ledig fra',
  until: 'Til og med',
  proposal: 'Forslag',
  commentsBy: 'Frist for uttalelse',
  granted: 'Utsatt iverksetting innvilget',
  scheduledAt: 'Hjemmebesøk',
};

const VALUES: Record<string, string> = {
  granted: 'Innvilget',
  partially_granted: 'Delvis innvilget',
  refused: 'Avslått',
  waiting_list: 'Venteliste',
  reversed: 'Omgjort',
  partially_reversed: 'Delvis omgjort (resten sendes klageinstansen)',
  upheld: 'Opprettholdt',
  'reconsideration:upheld': 'Opprettholdt: sendes til klageinstansen',
  'appeal-body-decision:upheld': 'Vedtaket stadfestet (klagen ikke tatt til følge)',
  'appeal-body-decision:reversed': 'Vedtaket endret (klagen tatt til følge)',
  dismissed: 'Avvist',
  quashed: 'Opphevet: ny behandling hos kontoret',
  continue: 'Fortsetter uendret',
  changed: 'Endret: nytt vedtak',
  terminated: 'Avsluttes (opphør)',
  reduce: 'Reduseres',
  terminate: 'Avsluttes',
  statsforvalteren: 'Statsforvalteren',
  klagenemnd: 'Kommunal klagenemnd',
};

function wordFor(table: Record<string, string>, step: string, key: string, fallback: string): string {
  return table[`${step}:${key}`] ?? table[key] ?? fallback;
}

// ---- The schema, read ----

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) {
    const target = defs[s.$ref.replace('#/$defs/', '')];
    if (!target) break;
    // A reference's own description (the field's) wins over the target's (the type's).
    s = { ...target, ...(s.description ? { description: s.description } : {}) };
  }
  return s;
}

type Kind = 'text' | 'longText' | 'number' | 'boolean' | 'choice' | 'instant' | 'date' | 'codes' | 'perService' | 'object';

function kindOf(s: JsonSchema, defs: Record<string, JsonSchema>): Kind {
  if (s.enum) return 'choice';
  if (s.anyOf?.some((a) => a.format === 'date')) return 'date';
  if (s.type === 'string' && s.format === 'date-time') return 'instant';
  if (s.type === 'string' && s.format === 'date') return 'date';
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'array' && s.items) {
    const item = resolve(s.items, defs);
    return item.type === 'object' && item.properties?.code ? 'perService' : 'codes';
  }
  if (s.type === 'object') return 'object';
  return (s.maxLength ?? 0) > 5000 ? 'longText' : 'text';
}

type Values = Record<string, string>;

/** A value as the API takes it: a number where one is asked for (what is not one is sent as typed, and the API says so). */
function numberOf(raw: string): number | string {
  const n = Number(raw.replace(',', '.').trim());
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/** Oslo wall-clock date and time from two fields, as the instant the API takes. */
export function instantOf(date: string, time: string): string {
  const local = new Date(`${date}T${time || '00:00'}`);
  return Number.isNaN(local.getTime()) ? `${date}T${time}` : local.toISOString();
}

interface Built {
  value: unknown;
  /** Whether the user gave anything in it (a nested part nobody filled in is not sent). */
  given: boolean;
}

interface BuildContext {
  defs: Record<string, JsonSchema>;
  values: Values;
  services: string[];
  /** The API's index in an array it was sent → the form's own path (a service left out shifts the rest). */
  renames: Array<[sent: string, shown: string]>;
}

function build(schema: JsonSchema, path: string, required: boolean, ctx: BuildContext): Built | undefined {
  const s = resolve(schema, ctx.defs);
  const raw = ctx.values[path] ?? '';
  switch (kindOf(s, ctx.defs)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      let given = false;
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        const built = build(prop, path ? `${path}.${key}` : key, (s.required ?? []).includes(key), ctx);
        if (built === undefined) continue;
        out[key] = built.value;
        given ||= built.given;
      }
      return path === '' || given ? { value: out, given } : undefined;
    }
    case 'perService': {
      const item = resolve(s.items!, ctx.defs);
      const onlyCode = (item.required ?? []).every((k) => k === 'code');
      const out: unknown[] = [];
      let given = false;
      ctx.services.forEach((code, i) => {
        const rest = { ...item, properties: Object.fromEntries(Object.entries(item.properties ?? {}).filter(([k]) => k !== 'code')) };
        const built = build(rest, `${path}[${i}]`, false, ctx);
        // An item that needs only its code is every service of the case; one that needs more, those filled in.
        if (!built?.given && !onlyCode) return;
        ctx.renames.push([`${path}[${out.length}]`, `${path}[${i}]`]);
        out.push({ code, ...((built?.value as object | undefined) ?? {}) });
        given ||= built?.given ?? false;
      });
      return out.length > 0 ? { value: out, given } : undefined;
    }
    case 'codes': {
      const chosen = ctx.services.filter((code) => ctx.values[`${path}:${code}`] === 'true');
      return chosen.length > 0 ? { value: chosen, given: true } : undefined;
    }
    case 'instant': {
      const date = (ctx.values[`${path}.date`] ?? '').trim();
      const time = (ctx.values[`${path}.time`] ?? '').trim();
      return date || time ? { value: instantOf(date, time), given: true } : undefined;
    }
    case 'boolean':
      return raw === '' ? undefined : { value: raw === 'true', given: true };
    case 'number':
      return raw.trim() === '' ? undefined : { value: numberOf(raw), given: true };
    case 'choice':
      return raw === '' ? undefined : { value: raw, given: true };
    default:
      // A required text is sent as typed, empty too, so the API's message says what it needs.
      if (raw.trim() === '') return required ? { value: raw, given: false } : undefined;
      return { value: raw, given: true };
  }
}

/** The body of the step from what was typed, and how the API's field names map to the form's. */
export function bodyOf(step: AllowedStep, values: Values, services: string[]): { body: Record<string, unknown>; renames: Array<[string, string]> } {
  const ctx: BuildContext = { defs: step.body.$defs ?? {}, values, services, renames: [] };
  const built = build(step.body, '', true, ctx);
  return { body: (built?.value ?? {}) as Record<string, unknown>, renames: ctx.renames };
}

/** The API's problems, their fields named as the form names them. */
export function renamed(problem: ApiProblem | null, renames: Array<[string, string]>): FieldProblem[] {
  if (!problem) return [];
  return problem.details.map((d) => {
    for (const [sent, shown] of renames) {
      if (d.field === sent || d.field.startsWith(`${sent}.`) || d.field.startsWith(`${sent}[`)) return { ...d, field: shown + d.field.slice(sent.length) };
    }
    return d;
  });
}

// ---- The form ----

function isUnder(field: string, path: string): boolean {
  return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`) || field.startsWith(`${path}:`);
}

interface FieldsProps {
  step: string;
  schema: JsonSchema;
  path: string;
  name: string;
  required: boolean;
  defs: Record<string, JsonSchema>;
  values: Values;
  set: (path: string, value: string) => void;
  problems: FieldProblem[];
  shown: Set<string>;
  services: string[];
}

function messageAt(props: Pick<FieldsProps, 'problems' | 'shown'>, path: string, exact = false): string | undefined {
  const found = props.problems.filter((d) => (exact ? d.field === path : isUnder(d.field, path)) && !props.shown.has(d.field));
  for (const d of found) props.shown.add(d.field);
  return found.length > 0 ? found.map((d) => d.message).join(' ') : undefined;
}

function idOf(step: string, path: string): string {
  return `f-${step}-${path}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** A group of inputs with one legend, and the API's message for the group tied to it. */
function Group(props: { id: string; legend: string; error: string | undefined; description?: string | undefined; children: ReactNode }) {
  const errorId = `${props.id}-feil`;
  return (
    <Fieldset aria-describedby={props.error ? errorId : undefined} aria-invalid={props.error ? true : undefined}>
      <Fieldset.Legend>{props.legend}</Fieldset.Legend>
      {props.description && <Fieldset.Description>{props.description}</Fieldset.Description>}
      {props.children}
      {props.error && <ValidationMessage id={errorId}>{props.error}</ValidationMessage>}
    </Fieldset>
  );
}

/** Called as a function, not a component: each field takes its messages as the form is rendered, so what is left is known at once. */
function fields(props: FieldsProps): ReactNode {
  const { step, path, defs, values, set } = props;
  const s = resolve(props.schema, defs);
  const kind = kindOf(s, defs);
  const label = wordFor(LABELS, step, path.replace(/\[\d+\]/g, ''), wordFor(LABELS, step, props.name, props.name));
  const optional = props.required ? '' : ' (valgfritt)';
  const known = LABELS[`${step}:${path}`] ?? LABELS[props.name];
  // A field with no Norwegian words yet shows the API's own description.
  const description = known ? undefined : s.description;
  const id = idOf(step, path);
  switch (kind) {
    case 'object': {
      // Sub-fields first: their messages are theirs; what is left is the group's own.
      const children = Object.entries(s.properties ?? {}).map(([key, prop]) => (
        <Fragment key={key}>{fields({ ...props, schema: prop, path: path ? `${path}.${key}` : key, name: key, required: (s.required ?? []).includes(key) })}</Fragment>
      ));
      if (path === '') return <>{children}</>;
      return (
        <Group id={id} legend={`${label}${optional}`} description={description} error={messageAt(props, path, true)}>
          {children}
        </Group>
      );
    }
    case 'perService': {
      const item = resolve(s.items!, defs);
      const children = props.services.map((code, i) => (
        <Group key={code} id={`${id}-${i}`} legend={service(code)} error={messageAt(props, `${path}[${i}]`, true) ?? messageAt(props, `${path}[${i}].code`)}>
          {Object.entries(item.properties ?? {})
            .filter(([key]) => key !== 'code')
            .map(([key, prop]) => (
              <Fragment key={key}>{fields({ ...props, schema: prop, path: `${path}[${i}].${key}`, name: key, required: (item.required ?? []).includes(key) })}</Fragment>
            ))}
        </Group>
      ));
      return (
        <Group id={id} legend={`${label}${optional}`} description={description} error={messageAt(props, path, true)}>
          {children}
        </Group>
      );
    }
    case 'codes':
      return (
        <Group id={id} legend={`${label}${known ? '' : optional}`} description={description} error={messageAt(props, path)}>
          {props.services.map((code) => (
            <Checkbox key={code} label={service(code)} value={code} checked={values[`${path}:${code}`] === 'true'} onChange={(e) => set(`${path}:${code}`, e.target.checked ? 'true' : '')} />
          ))}
        </Group>
      );
    case 'choice':
    case 'boolean': {
      const options: Array<[string, string]> =
        kind === 'boolean'
          ? [
              ['true', 'Ja'],
              ['false', 'Nei'],
            ]
          : (s.enum ?? []).map((v) => [v, wordFor(VALUES, step, v, v)]);
      if (!props.required) options.unshift(['', 'Ikke oppgitt']);
      return (
        <Group id={id} legend={`${label}${optional}`} description={description} error={messageAt(props, path)}>
          {options.map(([value, text]) => (
            <Radio key={value} name={id} value={value} label={text} checked={(values[path] ?? '') === value} onChange={() => set(path, value)} />
          ))}
        </Group>
      );
    }
    case 'instant':
      return (
        <div className="row" role="group" aria-label={`${label}${optional}`}>
          <Textfield label={`${label}${optional}: dato`} description="ÅÅÅÅ-MM-DD" inputMode="numeric" value={values[`${path}.date`] ?? ''} onChange={(e) => set(`${path}.date`, e.target.value)} error={messageAt(props, path)} />
          <Textfield label={`${label}: klokkeslett`} description="TT:MM" inputMode="numeric" value={values[`${path}.time`] ?? ''} onChange={(e) => set(`${path}.time`, e.target.value)} />
        </div>
      );
    case 'date':
      return <Textfield label={`${label}${optional}`} description={description ?? 'ÅÅÅÅ-MM-DD'} inputMode="numeric" value={values[path] ?? ''} onChange={(e) => set(path, e.target.value)} error={messageAt(props, path)} />;
    case 'number':
      return <Textfield label={`${label}${optional}`} description={description} inputMode="decimal" value={values[path] ?? ''} onChange={(e) => set(path, e.target.value)} error={messageAt(props, path)} />;
    default:
      if (kind === 'longText' || props.name === 'reason' || props.name === 'note') {
        return <Textfield label={`${label}${optional}`} description={description} multiline rows={kind === 'longText' ? 4 : 2} value={values[path] ?? ''} onChange={(e) => set(path, e.target.value)} error={messageAt(props, path)} />;
      }
      return <Textfield label={`${label}${optional}`} description={description} value={values[path] ?? ''} onChange={(e) => set(path, e.target.value)} error={messageAt(props, path)} />;
  }
}

export interface StepFormProps {
  step: AllowedStep;
  services: string[];
  problem: ApiProblem | null;
  /** Takes the step (or, for a decision, previews it) with the body; resolves true when it went through. */
  onSubmit: (body: Record<string, unknown>) => Promise<boolean>;
  /** Shown under the submit button: a decision's preview and its send button. */
  after?: ReactNode;
}

/** One step's form, as its schema says. */
export function SchemaStepForm({ step, services, problem, onSubmit, after }: StepFormProps) {
  const [values, setValues, clear] = useDraft<Values>(`steg:${step.step}`, {});
  const [renames, setRenames] = useState<Array<[string, string]>>([]);
  const [busy, setBusy] = useState(false);
  const [title, submitText, hint] = STEP_TITLES[step.step] ?? [step.summary, 'Send'];
  const set = (path: string, value: string) => setValues({ ...values, [path]: value });
  const problems = renamed(problem, renames);
  const shown = new Set<string>();
  const form = fields({ step: step.step, schema: step.body, path: '', name: '', required: true, defs: step.body.$defs ?? {}, values, set, problems, shown, services });
  // Rendered first so every field has taken its messages; the rest are the form's own.
  const rest = problems.filter((d) => !shown.has(d.field));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { body, renames: r } = bodyOf(step, values, services);
    setRenames(r);
    setBusy(true);
    try {
      if ((await onSubmit(body)) && step.step !== 'decision') clear();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-color="neutral" data-step={step.step}>
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate aria-label={title}>
        <Heading level={3} data-size="xs">
          {title}
        </Heading>
        {hint && <Paragraph data-size="sm">{hint}</Paragraph>}
        {form}
        <Notice problem={problem} />
        {rest.length > 0 && (
          <ul>
            {rest.map((d) => (
              <li key={d.field}>{`${d.field}: ${d.message}`}</li>
            ))}
          </ul>
        )}
        <div className="row">
          <Button type="submit" disabled={busy}>
            {submitText}
          </Button>
        </div>
      </form>
      {after}
    </Card>
  );
}

/** Clears a step's draft (a decision's, once it is sent after its preview). */
export function clearStepDraft(step: string): void {
  sessionStorage.removeItem(`utkast:${location.pathname}:steg:${step}`);
}
