// The layers of the design's layout table ("may import"), checked by `npm test` (npm run lint:layers).
// One rule per row, no exception: an import the wrong way fails the build with the rule's comment.
// Type-only imports count as imports, except where a row allows types only (workflows → activities).
//
//   domain/                                  nothing of the project
//   workflows/                               domain/; activities/ as types only; npm: @temporalio/workflow (and its @temporalio/common)
//   activities/                              domain/, db/, temporal/, letters/
//   letters/                                 domain/ (a letter's text and PDF, pure: shared by the activities and the API's download and preview)
//   temporal/                                domain/, the workflows' message definitions, codec/
//   worker/                                  the above (domain/, workflows/, activities/, temporal/) and what they are built on
//                                            (db/, codec/), with the process's settings and logs (config/, observability/)
//   api/                                     domain/, temporal/, db/, letters/, the workflows' message definitions; codec/ (the codec
//                                            endpoint), config/ and observability/ (its settings, request logs and metrics)
//   db/, codec/, config/, observability/     domain/ at most (one row: they may import one another)
//   launcher/, scripts/, bench/              anything but test/
//   test/                                    everything
const FOLDERS = ['domain', 'letters', 'workflows', 'activities', 'temporal', 'worker', 'api', 'db', 'codec', 'config', 'observability', 'launcher', 'scripts', 'bench', 'test'];

/** A path regex for the project folders not in `allowed`. */
const foldersExcept = (...allowed) => `^(${FOLDERS.filter((f) => !allowed.includes(f)).join('|')})/`;

/** The workflows' message definitions: what a client starts, queries and updates a workflow with. */
const WORKFLOW_MESSAGES = '^workflows/(messages|searchAttributes)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain',
      comment: 'domain/ holds pure rules and imports nothing of the project (design: layout table). Move what it needs into domain/.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: foldersExcept('domain') },
    },
    {
      name: 'letters',
      comment: "letters/ writes a letter (its text and PDF) from what it is given and may import domain/ only: the activities, the API's download and its preview share it.",
      severity: 'error',
      from: { path: '^letters/' },
      to: { path: foldersExcept('domain', 'letters') },
    },
    {
      name: 'workflows',
      comment:
        'workflows/ may import domain/ and activity types only (design: layout table): workflow code is deterministic and bundled into the sandbox.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: foldersExcept('domain', 'workflows', 'activities') },
    },
    {
      name: 'workflows-activity-types-only',
      comment: 'workflows/ may import activities/ as types only (`import type`): activities run in the worker, never in the workflow sandbox.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-packages',
      comment: 'workflows/ may import @temporalio/workflow (and the @temporalio/common it builds on) only: nothing that is not deterministic.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'], pathNot: '(^|/)node_modules/@temporalio/(workflow|common)/' },
    },
    {
      name: 'activities',
      comment: 'activities/ may import domain/, db/, temporal/ and letters/ only (design: layout table).',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: foldersExcept('domain', 'db', 'temporal', 'letters', 'activities') },
    },
    {
      name: 'temporal',
      comment: "temporal/ may import domain/, the workflows' message definitions and codec/ only (design: layout table).",
      severity: 'error',
      from: { path: '^temporal/' },
      to: { path: foldersExcept('domain', 'workflows', 'codec', 'temporal') },
    },
    {
      name: 'temporal-workflow-messages-only',
      comment: "temporal/ may import the workflows' message definitions (workflows/messages.ts, workflows/searchAttributes.ts), not the workflow code.",
      severity: 'error',
      from: { path: '^temporal/' },
      to: { path: '^workflows/', pathNot: WORKFLOW_MESSAGES },
    },
    {
      name: 'worker',
      comment: 'worker/ may import the layers above it and what they are built on, never api/, launcher/, scripts/, bench/ or test/ (design: layout table).',
      severity: 'error',
      from: { path: '^worker/' },
      to: { path: foldersExcept('domain', 'workflows', 'activities', 'temporal', 'db', 'codec', 'config', 'observability', 'worker') },
    },
    {
      name: 'api',
      comment:
        "api/ may import domain/, temporal/, db/ and the workflows' message definitions, with codec/, config/ and observability/ (design: layout table); never activities/ or worker/.",
      severity: 'error',
      from: { path: '^api/' },
      to: { path: foldersExcept('domain', 'temporal', 'db', 'letters', 'workflows', 'codec', 'config', 'observability', 'api') },
    },
    {
      name: 'api-workflow-messages-only',
      comment: "api/ may import the workflows' message definitions (workflows/messages.ts, workflows/searchAttributes.ts), not the workflow code.",
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^workflows/', pathNot: WORKFLOW_MESSAGES },
    },
    {
      name: 'foundations',
      comment: 'db/, codec/, config/ and observability/ may import domain/ (and one another) at most (design: layout table).',
      severity: 'error',
      from: { path: '^(db|codec|config|observability)/' },
      to: { path: foldersExcept('domain', 'db', 'codec', 'config', 'observability') },
    },
    {
      name: 'tools',
      comment: 'launcher/, scripts/ and bench/ may import anything but test/ (design: layout table): move a helper they share with the tests into scripts/.',
      severity: 'error',
      from: { path: '^(launcher|scripts|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'An import circle: break it by moving what both sides need into a module of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^([.]venv|data|test-output|coverage)/' },
    // `import type` is an import too: the rules above see it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
