// Wire types of the Pathways API (DESIGN.md §9), snake_case as the server sends them.

export type Role = 'admin' | 'supervisor' | 'practitioner' | 'national_authority' | 'auditor';
export type ScopeKind = 'global' | 'country' | 'facility';

export interface Membership {
  id: string;
  role: Role | string;
  scope_kind: ScopeKind | string;
  country?: string;
  facility_id?: string;
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  totp_enabled: boolean;
  memberships: Membership[];
  /** "object:action" pairs the user's roles allow. */
  permissions: string[];
}

export interface LoginRequest {
  username: string;
  password: string;
  totp?: string;
}

export interface LoginResponse {
  user: User;
  csrf_token: string;
}

export interface FieldProblem {
  field: string;
  reason: string;
  detail: string;
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldProblem[];
}
