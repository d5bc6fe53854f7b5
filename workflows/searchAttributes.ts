// The search attributes managers filter on in the Temporal Web UI. Declared once for the workflow,
// the case starter (temporal/caseWorkflows.ts) and their registration (temporal/searchAttributes.ts).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const MunicipalityKey = defineSearchAttributeKey('Municipality', SearchAttributeType.KEYWORD);
export const ServiceCodesKey = defineSearchAttributeKey('ServiceCodes', SearchAttributeType.KEYWORD_LIST);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const OverdueKey = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
