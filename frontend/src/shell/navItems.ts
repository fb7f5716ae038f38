import type { User } from '../api/types';
import { can } from '../auth/permissions';

export interface NavItem {
  /** Translation key under nav.* and the route path. */
  key: 'caseload' | 'groupSession' | 'overview' | 'approvals' | 'transfers' | 'statistics' | 'audit' | 'administration';
  path: string;
  permission: string;
}

// The sections of the app, each shown only to roles that may read what it shows.
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'caseload', path: '/caseload', permission: 'cases:read' },
  { key: 'groupSession', path: '/sessions/group', permission: 'case_records:write' },
  { key: 'overview', path: '/overview', permission: 'approvals:read' },
  { key: 'approvals', path: '/approvals', permission: 'approvals:read' },
  { key: 'transfers', path: '/transfers', permission: 'transfers:decide' },
  { key: 'statistics', path: '/statistics', permission: 'statistics:read' },
  { key: 'audit', path: '/audit', permission: 'audit:read' },
  { key: 'administration', path: '/admin', permission: 'users:read' },
];

export function navItemsFor(user: Pick<User, 'permissions'>): NavItem[] {
  return NAV_ITEMS.filter((item) => can(user, item.permission));
}
