// The search attributes managers filter on in the Temporal Web UI. Declared once for the workflow,
// the API (at start) and the launcher (which registers them on the embedded server).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const MunicipalityKey = defineSearchAttributeKey('Municipality', SearchAttributeType.KEYWORD);
export const ServiceCodesKey = defineSearchAttributeKey('ServiceCodes', SearchAttributeType.KEYWORD_LIST);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const OverdueKey = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

/** `name=Type` pairs as `temporal server start-dev --search-attribute` and `operator search-attribute create` take them. */
export const CASE_SEARCH_ATTRIBUTES = [
  { name: CaseStatusKey.name, type: 'Keyword' },
  { name: MunicipalityKey.name, type: 'Keyword' },
  { name: ServiceCodesKey.name, type: 'KeywordList' },
  { name: NextDeadlineKey.name, type: 'Datetime' },
  { name: OverdueKey.name, type: 'Bool' },
] as const;
