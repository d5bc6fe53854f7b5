// Who a token says the caller is: the roles of the contract and the municipalities the caller acts in.
// `importer`: brings the office's open cases over from its old system (npm run import), and nothing else.
export const ROLES = ['caseworker', 'manager', 'auditor', 'importer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The token's `sub`: the actor of every event and access-log row. */
  sub: string;
  /** The contract's roles the token holds; other role names in the claim are ignored. */
  roles: Role[];
  /** The municipality keys the token acts in. */
  municipalities: string[];
}

/** A request the guard let through: who, in which of the route's roles, and why (`X-Access-Reason`). */
export interface Access {
  principal: Principal;
  /** The first of the route's roles the token holds: the role recorded in the access log. */
  role: Role;
  reason: string | null;
}

/** Which roles may use a route: the contract's table, in one place. */
export const ROUTE_ROLES = {
  register: ['caseworker'],
  step: ['caseworker'],
  viewCase: ['caseworker', 'manager'],
  caseHistory: ['caseworker'],
  // Caseworkers too: their work queue (the office's own pages).
  listCases: ['caseworker', 'manager'],
  assign: ['caseworker', 'manager'],
  decisionPreview: ['caseworker'],
  stats: ['manager'],
  accessLog: ['auditor'],
  codec: ['caseworker', 'manager'],
  // A bulk registration from the old system: a role of its own, so the account an import runs under reads no case.
  importCase: ['importer'],
} as const satisfies Record<string, readonly Role[]>;
