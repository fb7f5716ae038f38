import type { User } from '../api/types';

/** Whether the user's roles allow `object:action`. The server decides for real on every
 * request; this only hides what would be refused. */
export function can(user: Pick<User, 'permissions'>, permission: string): boolean {
  return user.permissions.includes(permission);
}
