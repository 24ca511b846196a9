import { z } from 'zod';
import { roles } from './tables.ts';

export const roleSchema = z.enum(roles);

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  locale: z.string().nullable(),
  mustChangePassword: z.boolean(),
});

export const userAdminSchema = userSchema.extend({
  disabled: z.boolean(),
  /** Some address is locked out of this account by failed logins in the current window (an admin may unlock). */
  lockedOut: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

/** How the API shows a user and an admin's view of one; the server's types are inferred from these schemas. */
export type UserView = z.infer<typeof userSchema>;
export type UserAdminView = z.infer<typeof userAdminSchema>;

export const sessionSchema = z.object({ user: userSchema.nullable(), csrfToken: z.string().nullable() });

export const loginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

/** Changing a password revokes the user's API tokens unless `keepApiTokens` is true. */
const keepApiTokens = z.boolean().optional().describe('Keep the API tokens (by default they are revoked with the old password)');

export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
  keepApiTokens,
});

export const localeBody = z.object({ locale: z.enum(['en', 'az', 'hy', 'ru']).nullable() });

export const createUserBody = z.object({
  username: z.string().min(1).max(63),
  displayName: z.string().max(200).default(''),
  role: roleSchema,
  password: z.string().min(1).max(1024),
});

export const updateUserBody = z
  .object({
    displayName: z.string().max(200).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(1).max(1024).optional(),
    keepApiTokens,
  })
  .strict();

export const idParams = z.object({ id: z.uuid() });

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export type TokenView = z.infer<typeof tokenSchema>;

export const createTokenBody = z.object({
  name: z.string().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
