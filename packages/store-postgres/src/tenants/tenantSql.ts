import { RedressError } from '@redress/core';
import { quoteSchema } from '../schema/ddl';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

const quoteRole = (role: string): string => {
  if (typeof role !== 'string' || !ROLE.test(role)) {
    throw new RedressError(
      'VALIDATION',
      `Role name ${JSON.stringify(role)} is not allowed; use lower-case letters, digits and _ (at most 63, not starting with a digit)`,
    );
  }
  return `"${role}"`;
};

/**
 * The SQL a database administrator runs once per tenant (a legal entity): a
 * schema of its own, owned by a login role of its own, that no other role may
 * use. Each tenant's store then connects as its role to its schema
 * (`postgresStore({ connectionString: 'postgres://tenant_a@…', schema: 'tenant_a' })`)
 * and creates its tables there; its events, hash chains, Merkle tree,
 * checkpoints, outbox and key table are its own, and a query by one tenant's
 * role into another's schema is refused by PostgreSQL itself (`permission
 * denied for schema`, SQLSTATE 42501). The role must exist (`CREATE ROLE … LOGIN`,
 * with the password or certificate your deployment uses) and must not be a
 * superuser, which no privilege stops.
 *
 * @example
 * await admin.query(tenantSchemaSql({ schema: 'tenant_bank_sh', role: 'redress_bank_sh' }));
 */
export const tenantSchemaSql = (options: { readonly schema: string; readonly role: string }): string => {
  const schema = quoteSchema(options.schema);
  const role = quoteRole(options.role);
  return `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role};
ALTER SCHEMA ${schema} OWNER TO ${role};
REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;
`;
};
