// Migrations listed explicitly, so they load the same under tsx, vitest and a bundled build.
import type { Knex } from 'knex';
import * as initial from './001_initial';
import * as letterDelivery from './002_letter_delivery';
import * as caseNumbers from './003_case_numbers';
import * as accessLog from './004_access_log';
import * as resetSafeRecords from './005_reset_safe_records';
import * as clusterPolicy from './006_cluster_policy';
import * as registrationKeysPerMunicipality from './007_registration_keys_per_municipality';
import * as letterTransport from './010_letter_transport';
import * as letterReceipts from './012_letter_receipts';
import * as caseAssignment from './013_case_assignment';
import * as representatives from './014_representatives';
import * as caseImport from './015_case_import';
import * as archive from './016_archive';
import * as savedFilters from './017_saved_filters';
import * as sweepIndex from './018_sweep_index';
import * as caseHold from './019_case_hold';
import * as deceasedAndWaiting from './021_deceased_and_waiting';
import * as decisionProposals from './022_decision_proposals';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_letter_delivery': letterDelivery,
  '003_case_numbers': caseNumbers,
  '004_access_log': accessLog,
  '005_reset_safe_records': resetSafeRecords,
  '006_cluster_policy': clusterPolicy,
  '007_registration_keys_per_municipality': registrationKeysPerMunicipality,
  '010_letter_transport': letterTransport,
  '012_letter_receipts': letterReceipts,
  '013_case_assignment': caseAssignment,
  '014_representatives': representatives,
  '015_case_import': caseImport,
  '016_archive': archive,
  '017_saved_filters': savedFilters,
  '018_sweep_index': sweepIndex,
  '019_case_hold': caseHold,
  '021_deceased_and_waiting': deceasedAndWaiting,
  '022_decision_proposals': decisionProposals,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};
