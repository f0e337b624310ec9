/** Input schemas shared by the auth forms and the token endpoint. */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';
import { ROLES } from './types';

export const emailField = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.toLowerCase()
	.min(1, { error: 'Enter your email address.' })
	.max(254, { error: 'That email address is too long.' })
	.pipe(z.email({ error: 'Enter a valid email address.' }));

export const nameField = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, { error: 'Enter a name.' })
	.max(100, { error: 'Use at most 100 characters.' });

/** A new password: length rules only (long passphrases beat composition rules). */
export const newPasswordField = z
	.string({ error: 'Enter a password.' })
	.min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
	.max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });

/** A password being checked: never trimmed, bounded so hashing stays cheap. */
export const passwordField = z
	.string({ error: 'Enter your password.' })
	.min(1, { error: 'Enter your password.' })
	.max(PASSWORD_MAX_LENGTH, { error: 'Email or password is not correct.' });

export const roleField = z.enum(ROLES, { error: 'Choose a role.' });

export const tokenNameField = z
	.string()
	.trim()
	.max(60, { error: 'Use at most 60 characters.' })
	.optional()
	.transform((v) => v || 'API token');

export const signInSchema = z.object({ email: emailField, password: passwordField });

/** A second-factor code as typed: 6 digits or a recovery code, spaces allowed. */
export const codeField = z
	.string({ error: 'Enter the code.' })
	.trim()
	.min(1, { error: 'Enter the code.' })
	.max(32, { error: 'That code is not correct or was already used.' });

/** `POST /api/v1/auth/token`; `code` is needed for an account with two-factor sign-in. */
export const tokenRequestSchema = z.object({
	email: emailField,
	password: passwordField,
	name: tokenNameField,
	code: codeField.optional()
});

const passwordsMatch = { error: 'The two passwords do not match.', path: ['confirm'] };

export const setupSchema = z
	.object({ email: emailField, name: nameField, password: newPasswordField, confirm: z.string() })
	.refine((v) => v.confirm === v.password, passwordsMatch);

export const newUserSchema = z.object({
	email: emailField,
	name: nameField,
	role: roleField,
	password: newPasswordField
});

export const changePasswordSchema = z
	.object({ currentPassword: passwordField, newPassword: newPasswordField, confirm: z.string() })
	.refine((v) => v.confirm === v.newPassword, passwordsMatch);

/** The form behind an admin's reset link: the new password twice. */
export const resetPasswordSchema = z
	.object({ password: newPasswordField, confirm: z.string() })
	.refine((v) => v.confirm === v.password, passwordsMatch);
