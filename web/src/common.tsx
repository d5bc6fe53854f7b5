// Small pieces the pages share.
import { Alert, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { ApiProblem } from './api';
import { daysLeft, daysText } from './words';

export interface CaseItem {
  id: string;
  caseNumber?: string | null;
  municipality: string;
  status: string;
  services: string[];
  receivedAt: string;
  flags: { contactOverdue: boolean; reEvaluationDue: boolean; provisionalReplySent: boolean; lateAppeal: boolean; applicantDeceased?: boolean };
  assignee: string | null;
  nextDeadline: string | null;
  onHold: { reason: string; since: string } | null;
}

export function isOverdue(c: CaseItem): boolean {
  return c.flags.contactOverdue || c.flags.reEvaluationDue || (c.nextDeadline !== null && Date.parse(c.nextDeadline) < Date.now());
}

export function DaysLeft({ item }: { item: CaseItem }) {
  const days = daysLeft(item.nextDeadline);
  if (isOverdue(item)) {
    return (
      <Tag data-color="danger">
        Forfalt{days !== null && days < 0 ? `: ${daysText(days)}` : ''}
      </Tag>
    );
  }
  return <>{daysText(days)}</>;
}

/** A refusal as the user should read it: a step someone else took first is news, not a fault. */
export function Notice({ problem, children }: { problem: ApiProblem | null; children?: ReactNode }) {
  if (!problem) return null;
  if (problem.code === 'invalid_transition' || problem.code === 'case_closed') {
    return (
      <Alert data-color="info" role="status">
        <Heading level={3} data-size="xs">
          Noen andre har allerede gjort dette
        </Heading>
        <Paragraph>{problem.message}</Paragraph>
        {children}
      </Alert>
    );
  }
  if (problem.code === 'advance_notice_required') {
    // Not a fault in the form: the law asks for an advance notice first (fvl § 16), or a reason it is urgent.
    return (
      <Alert data-color="warning" role="alert">
        <Heading level={3} data-size="xs">
          Forhåndsvarsel må sendes først
        </Heading>
        <Paragraph>{problem.message}</Paragraph>
      </Alert>
    );
  }
  if (problem.code === 'validation_failed' && problem.details.length > 0) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>Skjemaet har feil: se meldingen ved feltet. Ingenting er endret.</Paragraph>
      </Alert>
    );
  }
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{problem.message}</Paragraph>
    </Alert>
  );
}

export function asProblem(err: unknown): ApiProblem {
  return err instanceof ApiProblem ? err : new ApiProblem(0, 'internal', err instanceof Error ? err.message : String(err));
}
