import { describe, expect, it } from 'vitest';
import { navItemsFor } from './navItems';

describe('navItemsFor', () => {
  it('shows only the sections the permissions open', () => {
    expect(navItemsFor({ permissions: [] })).toEqual([]);
    expect(navItemsFor({ permissions: ['users:read', 'audit:read'] }).map((i) => i.key)).toEqual([
      'audit',
      'administration',
    ]);
    expect(
      navItemsFor({ permissions: ['cases:read', 'approvals:read', 'statistics:read'] }).map((i) => i.key),
    ).toEqual(['caseload', 'overview', 'approvals', 'statistics']);
  });
  it('needs the read permission, not any permission on the object', () => {
    expect(navItemsFor({ permissions: ['users:write', 'audit:verify'] })).toEqual([]);
  });
});
