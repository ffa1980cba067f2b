/**
 * Every Careline database name starts with this, so sign-out can find and delete them all. A module
 * of its own: a first chunk that only names a database (outbox/names.ts) then carries none of the
 * stores, which a bundler would otherwise place, whole, beside that one constant.
 */
export const DATABASE_PREFIX = 'careline-';
