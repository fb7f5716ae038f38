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
  /** Seconds until the browser session ends (absent for API tokens). */
  session_expires_in?: number;
  /** The interface language the user chose, applied at sign-in; absent when never chosen. */
  language?: 'en' | 'fr' | 'ar';
}

export interface LoginResponse {
  user: User;
  csrf_token: string;
}

export interface FieldProblem {
  field: string;
  reason: string;
  detail: string;
  /** The values of the rule broken (limit, type, min, max, allowed, layout, date), so the
   * form words the problem itself; detail is the server's English. */
  params?: Record<string, string>;
  /** For identifier_suspected: what the screen flagged, quoted from the text sent. */
  findings?: IdentifierFinding[];
}

export type IdentifierKind = 'name' | 'address' | 'phone' | 'email' | 'id_number' | 'date_of_birth' | 'online_handle';

/** One likely identifier the server's screen found in a free text. */
export interface IdentifierFinding {
  kind: IdentifierKind | string;
  text: string;
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

// Everything else is generated from api/openapi.yaml (`npm run api:types`).
import type { components } from './schema';
type S = components['schemas'];
export type Case = S['Case'];
export type Phase = S['Phase'];
export type CaseEvent = S['CaseEvent'];
export type PhaseChange = S['PhaseChange'];
export type Approval = S['Approval'];
export type Practice = S['Practice'];
export type PracticeEvidence = S['PracticeEvidence'];
export type InterventionType = S['InterventionType'];
export type MilestoneDefinition = S['MilestoneDefinition'];
export type Instrument = S['Instrument'];
export type Rating = S['Rating'];
export type Assessment = S['Assessment'];
export type AssessmentRequest = S['AssessmentRequest'];
export type Plan = S['Plan'];
export type PlanGoal = S['PlanGoal'];
export type Session = S['Session'];
export type AttendanceCode = S['AttendanceCode'];
export type Milestone = S['Milestone'];
export type ReintegrationPlan = S['ReintegrationPlan'];
export type ReintegrationItem = S['ReintegrationItem'];
export type FollowUp = S['FollowUp'];
export type FollowUpPoint = S['FollowUpPoint'];
export type Release = S['Release'];
export type ReleaseType = S['ReleaseType'];
export type RecallReason = S['RecallReason'];
export type NotReachedReason = S['NotReachedReason'];
export type LegalBasis = S['LegalBasis'];
export type Transfer = S['Transfer'];
export type ParticipantMatch = S['ParticipantMatch'];
export type Facility = S['Facility'];
export type Programme = S['Programme'];
export type AdminUser = S['User'];
export type AuditEvent = S['AuditEvent'];
export type Indicator = S['Indicator'];
export type Statistic = S['Statistic'];
export type Coverage = S['Coverage'];
export type StatProtection = S['StatProtection'];
export type Discipline = S['Discipline'];
export type StaffMember = S['StaffMember'];
export type SessionParticipant = S['SessionParticipant'];
export type ParticipantCategory = S['ParticipantCategory'];
export type MembershipRequest = S['MembershipRequest'];
export type AdminRequest = S['AdminRequest'];
export type AdminDecisionResult = S['AdminDecisionResult'];
export type Token = S['Token'];
export type Task = S['Task'];
export type TaskSummary = S['TaskSummary'];
export type OffenceCategory = { code: string; level: number; parent?: string; name: string; retired_at?: string };
export type ClosureReason = { code: string; name: string; retired_at?: string };

// Request bodies, also generated: the server's contract is the one definition of each.
export type LoginRequest = S['LoginRequest'];
export type SetPasswordRequest = S['SetPasswordRequest'];
export type NewUserRequest = S['NewUserRequest'];
export type UserUpdateRequest = S['UserUpdateRequest'];
export type TokenRequest = S['TokenRequest'];
export type FacilityRequest = S['FacilityRequest'];
export type ProgrammeRequest = S['ProgrammeRequest'];
export type FacilityPatch = S['FacilityPatch'];
export type ProgrammePatch = S['ProgrammePatch'];
export type TokenOffer = S['TokenOffer'];
export type IntakeRequest = S['IntakeRequest'];
export type CaseUpdateRequest = S['CaseUpdateRequest'];
export type TeamRequest = S['TeamRequest'];
export type TransitionRequest = S['TransitionRequest'];
export type PlanRequest = S['PlanRequest'];
export type SessionRequest = S['SessionRequest'];
export type GroupSessionRequest = S['GroupSessionRequest'];
export type MilestoneRequest = S['MilestoneRequest'];
export type MilestoneLapseRequest = S['MilestoneLapseRequest'];
export type ReintegrationPlanRequest = S['ReintegrationPlanRequest'];
export type FollowUpRequest = S['FollowUpRequest'];
export type ReleaseRequest = S['ReleaseRequest'];
export type ReleaseUpdateRequest = S['ReleaseUpdateRequest'];
export type NotReachedRequest = S['NotReachedRequest'];
export type TransferRequest = S['TransferRequest'];
export type TransferAcceptRequest = S['TransferAcceptRequest'];
export type ConsentWithdrawalRequest = S['ConsentWithdrawalRequest'];
export type ParticipantLookupRequest = S['ParticipantLookupRequest'];
