import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../platform/crypto/passwords.ts';
import { ConflictError, InputError, UnauthenticatedError } from '../platform/errors/errors.ts';
import { isUniqueViolation } from '../platform/db/dialect.ts';
import { findUserByName, insertUser, listUserRows, toUser } from './auth-store.ts';
import type { Principal, User } from './auth-types.ts';
import { assertName } from './names.ts';
import { requirePermission } from './permissions.ts';
import { isUserRole, USER_ROLES } from './roles.ts';

export const MIN_PASSWORD_LENGTH = 12;

export interface NewUser {
  name: string;
  role: string;
  email?: string | undefined;
  password?: string | undefined;
}

export interface UserService {
  createUser(by: Principal, input: NewUser): Promise<User>;
  listUsers(by: Principal): Promise<User[]>;
  /** Checks a password; answers the user or refuses without saying which part was wrong. */
  checkPassword(name: string, password: string): Promise<User>;
}

export function createUserService(db: Kysely<Database>, clock: Clock): UserService {
  return {
    async createUser(by, input) {
      requirePermission(by, 'users:manage');
      assertName('user', input.name);
      if (!isUserRole(input.role)) {
        throw new InputError(`role '${input.role}' is unknown; roles are ${USER_ROLES.join(', ')}`, [{ field: 'role' }]);
      }
      if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
        throw new InputError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`, [{ field: 'password' }]);
      }
      const row = {
        id: randomUUID(),
        name: input.name,
        role: input.role,
        email: input.email ?? null,
        password_hash: input.password === undefined ? null : await hashPassword(input.password),
        created_at: isoNow(clock),
        disabled_at: null,
      };
      try {
        await db.transaction().execute(async (trx) => {
          await insertUser(trx, row);
          await appendEvent(trx, row.created_at, {
            actor: by.actor,
            type: 'user.created',
            subject: `user/${row.name}`,
            summary: `${by.actor} added user ${row.name} as ${row.role}`,
            data: { user: row.name, role: row.role },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`user '${input.name}' already exists`);
        throw error;
      }
      return toUser(row);
    },

    async listUsers(by) {
      requirePermission(by, 'users:read');
      return (await listUserRows(db)).map(toUser);
    },

    async checkPassword(name, password) {
      const row = await findUserByName(db, name);
      // Verify against a dummy hash when the user is unknown so the answer takes as long.
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (!row || !row.password_hash || !ok || row.disabled_at !== null) {
        throw new UnauthenticatedError('unknown user or wrong password');
      }
      return toUser(row);
    },
  };
}
