// The case page's controls beside the steps of the law: a case on hold with a reason, a decision
// waiting for its co-signer (to-trinnskontroll), and the applicant's representative.
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Checkbox, Details, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { call, fieldMessage, type ApiProblem, type Me } from './api';
import { asProblem, Notice } from './common';
import { useDraft } from './draft';
import { HOLD_REASONS, REPRESENTATIVE_ROLES, when } from './words';

interface Hold {
  onHold: { reason: string; since: string } | null;
  history: Array<{ reason: string | null; previous: string | null; actor: string; at: string }>;
}

const reasonText = (code: string) => HOLD_REASONS[code] ?? code;

/** "På vent": the reason now, a reason chosen from the API's codes (never free text), and every change. */
export function HoldControl({ caseId, canChange, closed }: { caseId: string; canChange: boolean; closed: boolean }) {
  const [hold, setHold] = useState<Hold | null>(null);
  const [reason, setReason] = useState(Object.keys(HOLD_REASONS)[0]!);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    void call<Hold>('GET', `/api/cases/${caseId}/hold`).then(setHold, (err: unknown) => setProblem(asProblem(err)));
  }, [caseId]);
  const change = async (next: string | null) => {
    setProblem(null);
    try {
      setHold(await call<Hold>('POST', `/api/cases/${caseId}/hold`, { reason: next }));
    } catch (err) {
      setProblem(asProblem(err));
    }
  };
  if (!hold) return <Notice problem={problem} />;
  return (
    <div className="stack" data-testid="hold">
      <Paragraph>{hold.onHold ? `Saken er satt på vent: ${reasonText(hold.onHold.reason)} (siden ${when(hold.onHold.since)}). Fristene løper som før.` : 'Saken er ikke satt på vent.'}</Paragraph>
      {canChange && (
        <div className="row">
          {!closed && (
            <form
              className="row"
              aria-label="Sett saken på vent"
              onSubmit={(e) => {
                e.preventDefault();
                void change(reason);
              }}
            >
              <Field>
                <Label>Årsak til at saken venter</Label>
                <Select value={reason} onChange={(e) => setReason(e.target.value)}>
                  {Object.entries(HOLD_REASONS).map(([code, text]) => (
                    <Select.Option key={code} value={code}>
                      {text}
                    </Select.Option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" variant="secondary">
                {hold.onHold ? 'Endre årsak' : 'Sett på vent'}
              </Button>
            </form>
          )}
          {hold.onHold && (
            <Button variant="secondary" onClick={() => void change(null)}>
              Ta av vent
            </Button>
          )}
        </div>
      )}
      <Notice problem={problem} />
      {hold.history.length > 0 && (
        <Details>
          <Details.Summary>Historikk for venting</Details.Summary>
          <Details.Content>
            <ul>
              {hold.history.map((h, i) => (
                <li key={i}>{`${when(h.at)}: ${h.reason ? `satt på vent (${reasonText(h.reason)})` : 'tatt av vent'} (av ${h.actor})`}</li>
              ))}
            </ul>
          </Details.Content>
        </Details>
      )}
    </div>
  );
}

export interface Proposal {
  id: string;
  state: 'pending' | 'approved' | 'returned';
  decision: Record<string, unknown>;
  proposedBy: string;
  proposedAt: string;
  settledBy: string | null;
  settledAt: string | null;
}
export interface Proposals {
  coSignRequired: boolean;
  pending: Proposal | null;
  history: Proposal[];
}

/**
 * A decision waiting for its co-signer: its letter as it will be sent, approved by another
 * caseworker (the proposer cannot), or returned unsent. One who acted first is news (409), not a fault.
 */
export function ProposalPanel(props: {
  caseId: string;
  me: Me;
  pending: Proposal;
  onApproved: () => Promise<void>;
  onChanged: () => Promise<void>;
  /** Someone approved or returned it first (409): the page shows it as news, the panel is gone with the proposal. */
  onTakenFirst: (problem: ApiProblem) => Promise<void>;
}) {
  const { caseId, me, pending } = props;
  const [letter, setLetter] = useState<{ subject: string; body: string } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // The letter as the decision would send it now (applies nothing).
    void call<{ subject: string; body: string }>('POST', `/api/cases/${caseId}/decision/preview`, pending.decision).then(setLetter, (err: unknown) => setProblem(asProblem(err)));
  }, [caseId, pending]);
  const act = async (what: 'approve' | 'return') => {
    setProblem(null);
    setBusy(true);
    try {
      await call('POST', `/api/cases/${caseId}/decision/proposal/${what}`, { proposalId: pending.id });
      await (what === 'approve' ? props.onApproved() : props.onChanged());
    } catch (err) {
      const p = asProblem(err);
      if (p.status === 409) await props.onTakenFirst(p).catch(() => undefined);
      else setProblem(p);
    } finally {
      setBusy(false);
    }
  };
  const mine = pending.proposedBy === me.sub;
  return (
    <Card data-color="neutral">
      <section aria-labelledby="til-godkjenning" className="stack" data-testid="proposal">
        <Heading level={3} data-size="xs" id="til-godkjenning">
          Vedtak til godkjenning
        </Heading>
        <Paragraph>{`Foreslått av ${pending.proposedBy} ${when(pending.proposedAt)}. Vedtaket sendes først når en annen saksbehandler har godkjent det (to-trinnskontroll).`}</Paragraph>
        {letter && (
          <>
            <Heading level={4} data-size="2xs">
              {letter.subject}
            </Heading>
            <pre className="letter" tabIndex={0} aria-label="Vedtaksbrevet som er foreslått">
              {letter.body}
            </pre>
          </>
        )}
        {mine && <Paragraph data-testid="own-proposal">Du foreslo dette vedtaket, så en annen saksbehandler må godkjenne det.</Paragraph>}
        <Notice problem={problem} />
        <div className="row">
          {!mine && (
            <Button disabled={busy} onClick={() => void act('approve')}>
              Godkjenn og send vedtaket
            </Button>
          )}
          <Button variant="secondary" disabled={busy} onClick={() => void act('return')}>
            {mine ? 'Trekk forslaget' : 'Send tilbake uten å sende vedtaket'}
          </Button>
        </div>
      </section>
    </Card>
  );
}

/** The case's decision proposals: whether its municipality needs a co-signer, and the one waiting. */
export function useProposals(caseId: string, enabled: boolean): [Proposals | null, () => Promise<void>] {
  const [proposals, setProposals] = useState<Proposals | null>(null);
  const load = useCallback(async () => {
    if (enabled) setProposals(await call<Proposals>('GET', `/api/cases/${caseId}/decision/proposal`));
  }, [caseId, enabled]);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  return [proposals, load];
}

interface RepresentativeView {
  role: string;
  since: string;
  copyToApplicant: boolean;
}

/** The applicant's representative (POST/DELETE /api/cases/:id/representative), the API's messages beside the fields. */
export function RepresentativeForm(props: { caseId: string; current: RepresentativeView | null; onDone: (message: string) => Promise<void> }) {
  const [role, setRole, clearRole] = useDraft('representative.role', '');
  const [name, setName, clearName] = useDraft('representative.name', '');
  const [address, setAddress, clearAddress] = useDraft('representative.address', '');
  const [phone, setPhone, clearPhone] = useDraft('representative.phone', '');
  const [email, setEmail, clearEmail] = useDraft('representative.email', '');
  const [copy, setCopy] = useState(true);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (method: 'POST' | 'DELETE', body?: unknown) => {
    setProblem(null);
    setBusy(true);
    try {
      await call(method, `/api/cases/${props.caseId}/representative`, body);
      if (method === 'POST') {
        for (const clear of [clearRole, clearName, clearAddress, clearPhone, clearEmail]) clear();
        setCopy(true);
      }
      await props.onDone(method === 'POST' ? 'Representanten er registrert.' : 'Representasjonen er avsluttet: brevene går til søkeren igjen.');
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };
  const roleError = fieldMessage(problem, 'role');
  const letters = role === 'guardian' || role === 'authorised';
  return (
    <Card data-color="neutral">
      <div className="stack">
        <Paragraph data-testid="representative">
          {props.current
            ? `${REPRESENTATIVE_ROLES[props.current.role] ?? props.current.role} fra ${when(props.current.since)}${props.current.role === 'relative' ? ' (får ingen brev)' : props.current.copyToApplicant ? ', søkeren får kopi av brevene' : ', søkeren får ikke kopi'}.`
            : 'Søkeren har ingen registrert representant.'}
        </Paragraph>
        {props.current && (
          <div className="row">
            <Button variant="secondary" disabled={busy} onClick={() => void send('DELETE')}>
              Avslutt representasjonen
            </Button>
          </div>
        )}
        <form
          className="stack"
          noValidate
          aria-label="Registrer representant"
          onSubmit={(e) => {
            e.preventDefault();
            const body = {
              role,
              name,
              ...(address ? { address } : {}),
              ...(phone ? { phone } : {}),
              ...(email ? { email } : {}),
              // Only a guardian's or an authorised representative's letters have a copy to give up.
              ...(letters && !copy ? { copyToApplicant: false } : {}),
            };
            void send('POST', body);
          }}
        >
          <Heading level={3} data-size="xs">
            {props.current ? 'Registrer en ny representant (erstatter den forrige)' : 'Registrer representant'}
          </Heading>
          <Fieldset aria-describedby={roleError ? 'representative-role-error' : undefined} aria-invalid={roleError ? true : undefined}>
            <Fieldset.Legend>Rolle</Fieldset.Legend>
            <Fieldset.Description>Verge og fullmektig får alle brev; en pårørende registreres og får ingen brev.</Fieldset.Description>
            {Object.entries(REPRESENTATIVE_ROLES).map(([code, text]) => (
              <Radio key={code} name="representative-role" value={code} label={text} checked={role === code} onChange={() => setRole(code)} />
            ))}
            {roleError && <ValidationMessage id="representative-role-error">{roleError}</ValidationMessage>}
          </Fieldset>
          <Textfield label="Navn" value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(problem, 'name')} />
          <Textfield label="Adresse" description="Minst én av adresse, telefon og e-post" value={address} onChange={(e) => setAddress(e.target.value)} error={fieldMessage(problem, 'address')} />
          <div className="row">
            <Textfield label="Telefon" value={phone} onChange={(e) => setPhone(e.target.value)} error={fieldMessage(problem, 'phone')} inputMode="tel" />
            <Textfield label="E-post" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(problem, 'email')} inputMode="email" />
          </div>
          {letters && <Checkbox label="Søkeren får kopi av brevene" checked={copy} onChange={(e) => setCopy(e.target.checked)} error={fieldMessage(problem, 'copyToApplicant')} />}
          <Notice problem={problem} />
          <div className="row">
            <Button type="submit" disabled={busy}>
              Registrer representanten
            </Button>
          </div>
        </form>
      </div>
    </Card>
  );
}
