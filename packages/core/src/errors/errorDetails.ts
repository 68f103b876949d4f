/**
 * The `details` of each error code: plain data, so a program can read them
 * without the `RedressError` class (across package copies, worker threads,
 * logs). Every field is optional unless one producer alone makes the code; the
 * comments say who sets what.
 */

/**
 * One schema issue of a refused command: the field's path, what is wrong with
 * it, and zod's issue code.
 *
 * @example
 * for (const i of error.details?.issues ?? []) console.log(`${i.path.join('.')}: ${i.message}`);
 */
export interface ValidationIssue {
  readonly path: readonly string[];
  readonly message: string;
  readonly code: string;
}

/**
 * One schema issue of a stored event that fails its schema, as zod reports it.
 *
 * @example
 * if (isRedressError(e, 'TAMPERED')) console.log(e.details?.issues?.[0]?.path);
 */
export interface StoredIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code: string;
}

/**
 * `VALIDATION`: what was malformed, a command, an option or an argument.
 *
 * @example
 * if (isRedressError(e, 'VALIDATION')) console.log(e.details?.option ?? e.details?.field);
 */
export interface ValidationDetails {
  /** The command field at fault (`type` for an unknown command type). */
  readonly field?: string | undefined;
  /** The values the field or option may take. */
  readonly allowed?: readonly string[] | undefined;
  /** Each schema issue of the command. */
  readonly issues?: readonly ValidationIssue[] | undefined;
  /** The option at fault (`createEngine`'s or a store's). */
  readonly option?: string | undefined;
  /** The range a whole-number option must lie in. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  /** A deadline that cannot be extended again, and how often it was. */
  readonly deadline?: string | undefined;
  readonly extensions?: number | undefined;
  /** The file (a SQLite store, a CLI source) or the output file concerned. */
  readonly path?: string | undefined;
  readonly out?: string | undefined;
  /** A store's schema: its name, the version found and the version supported. */
  readonly schema?: string | undefined;
  readonly schemaVersion?: number | undefined;
  readonly supported?: number | undefined;
  /** The store's schema holds no Redress store at all (and the store may not create one). */
  readonly noStore?: boolean | undefined;
  /** Which of PostgreSQL's two connection options were given. */
  readonly pool?: boolean | undefined;
  readonly connectionString?: boolean | undefined;
  /** The stream an append or a read concerned, and where in an input. */
  readonly streamId?: string | undefined;
  readonly where?: string | undefined;
  /** The SQLSTATE PostgreSQL refused a value with. */
  readonly sqlState?: string | undefined;
  /** Privacy: the data subject, the key-encryption key ids met and expected, an encrypted value's key id. */
  readonly subjectId?: string | undefined;
  readonly kekId?: string | undefined;
  readonly storedKekId?: string | undefined;
  readonly kid?: string | undefined;
  /** Privacy: what a blind-index value was read as (`phone`, `email`), and the size of a secret given. */
  readonly kind?: string | undefined;
  readonly bytes?: number | undefined;
  readonly length?: number | undefined;
  /** A store schema's missing parts (PostgreSQL, `createSchema: false`). */
  readonly missing?: readonly string[] | undefined;
  /** The Merkle tree: a size, leaf index or pair of sizes asked for, and the tree's size now. */
  readonly size?: number | undefined;
  readonly treeSize?: number | undefined;
  readonly index?: number | undefined;
  readonly m?: number | undefined;
  readonly n?: number | undefined;
  /** A signed note or checkpoint: the name of the key concerned. */
  readonly keyName?: string | undefined;
}

/**
 * `NOT_ALLOWED`: the command, the stage it met (`null`: no complaint yet) and the
 * commands the lifecycle allows there.
 *
 * @example
 * if (isRedressError(e, 'NOT_ALLOWED')) console.log(e.details?.allowed.join(', '));
 */
export interface NotAllowedDetails {
  /** A `CommandType`. */
  readonly command: string;
  /** A `Stage`, or `null` when the complaint does not exist yet. */
  readonly stage: string | null;
  /** `CommandType`s allowed in that stage. */
  readonly allowed: readonly string[];
  /** The name of the procedure rule that refused the command, when one did (`ProcedureRule.name`). */
  readonly rule?: string | undefined;
}

/**
 * `FORBIDDEN`: who may not do what, on which complaint.
 *
 * @example
 * if (isRedressError(e, 'FORBIDDEN')) console.log(e.details?.actor.role);
 */
export interface ForbiddenDetails {
  readonly actor: { readonly id: string; readonly role: string; readonly department?: string | undefined };
  /** A `CommandType`. */
  readonly command: string;
  /** `undefined` for a complaint not received yet. */
  readonly complaintId: string | undefined;
  /** The procedure rule about who acts that refused (e.g. `segregation-of-duties`). */
  readonly rule?: string | undefined;
}

/**
 * `NOT_FOUND`: the complaint, or the outbox message, that does not exist.
 *
 * @example
 * if (isRedressError(e, 'NOT_FOUND')) console.log(e.details?.complaintId);
 */
export interface NotFoundDetails {
  readonly complaintId?: string | undefined;
  /** An outbox message (SQLite store). */
  readonly outboxId?: string | undefined;
  /** An outbox message (PostgreSQL store). */
  readonly id?: string | undefined;
  /** A data key that was never stored: the subject (`kid` of the encrypted value). */
  readonly subjectId?: string | undefined;
  readonly kid?: string | undefined;
  readonly streamId?: string | undefined;
  readonly version?: number | undefined;
  readonly path?: string | undefined;
  /** Not a complaint but the store itself: the place named holds no Redress store (the CLI: `label`). */
  readonly noStore?: boolean | undefined;
  readonly label?: string | undefined;
}

/**
 * `CONFLICT`: what another writer, or an earlier command, got first. A conflict
 * with `streamId` and versions is a stream that moved: loading it again and
 * retrying may succeed.
 *
 * @example
 * if (isRedressError(e, 'CONFLICT') && e.details?.actualVersion !== undefined) await reloadAndRetry();
 */
export interface ConflictDetails {
  readonly streamId?: string | undefined;
  /** The version the append expected, and the version the stream was at. */
  readonly expectedVersion?: number | undefined;
  readonly actualVersion?: number | undefined;
  /** A complaint that exists already. */
  readonly complaintId?: string | undefined;
  /** A `commandId` used before for another command. */
  readonly commandId?: string | undefined;
  /** An outbox message that exists or is held by another worker (SQLite store: with who holds it and its status). */
  readonly outboxId?: string | undefined;
  readonly claimedBy?: string | null | undefined;
  readonly status?: string | undefined;
  /** An outbox message held by another worker (PostgreSQL store), and the worker that asked. */
  readonly id?: string | undefined;
  readonly worker?: string | undefined;
  /** A data subject behind the erasure fence: its key was destroyed and is never made again. */
  readonly subjectId?: string | undefined;
  readonly erased?: boolean | undefined;
}

/**
 * `TAMPERED`: where the log does not hold what Redress wrote.
 *
 * @example
 * if (isRedressError(e, 'TAMPERED')) console.log(`${e.details?.streamId} v${e.details?.version}`);
 */
export interface TamperedDetails {
  readonly streamId?: string | undefined;
  readonly version?: number | undefined;
  /** The event's place in the store's global order. */
  readonly position?: number | undefined;
  /** Each schema issue of the stored event. */
  readonly issues?: readonly StoredIssue[] | undefined;
  /**
   * Where a read's hash-chain check broke (`ChainFault`): `hash` — the event's
   * content no longer gives its hash; `prevHash` — it does not link to the
   * event before it; `version` — its version is not the next one.
   */
  readonly failed?: 'hash' | 'prevHash' | 'version' | undefined;
  /** A damaged outbox row (SQLite store). */
  readonly outboxId?: string | undefined;
  /** A damaged file (SQLite) and the driver's error code. */
  readonly path?: string | undefined;
  readonly code?: string | undefined;
  /** The first bad event of a verified stream (CLI): its id, where it was read and what is wrong. */
  readonly eventId?: string | undefined;
  readonly where?: string | undefined;
  readonly reason?: string | undefined;
  /** An encrypted field that does not decrypt: its event type, its subject and key-encryption key. */
  readonly type?: string | undefined;
  readonly subjectId?: string | undefined;
  readonly kid?: string | undefined;
  readonly kekId?: string | undefined;
  /** A signed checkpoint: the key, the log's origin and the tree size. */
  readonly keyName?: string | undefined;
  readonly origin?: string | undefined;
  readonly size?: number | undefined;
  /** A Merkle subtree the store should hold: its level and index. */
  readonly level?: number | undefined;
  readonly index?: number | undefined;
}

/**
 * `STORE_UNAVAILABLE`: which store failed, as far as it can say; nothing was written.
 *
 * @example
 * if (isRedressError(e, 'STORE_UNAVAILABLE') && e.details?.connection) await reconnect();
 */
export interface StoreUnavailableDetails {
  /** The SQLite file or CLI source, and the driver's error code. */
  readonly path?: string | undefined;
  readonly code?: string | undefined;
  /** The source as the CLI names it. */
  readonly label?: string | undefined;
  /** PostgreSQL: the SQLSTATE (`null`: none) and whether the connection was lost. */
  readonly sqlState?: string | null | undefined;
  readonly connection?: boolean | undefined;
  /**
   * PostgreSQL: why, when it is not an outage that passes: `login` (the server
   * refused the role or its password), `database` (no such database) or
   * `privilege` (the role may not use the schema, such as another tenant's).
   * Retrying will not help; the connection settings must change.
   */
  readonly refused?: 'login' | 'database' | 'privilege' | undefined;
  /** A key store: the subject whose key was being read, written or destroyed. */
  readonly subjectId?: string | undefined;
  readonly kekId?: string | undefined;
}

/**
 * The shape of `details` for each error code.
 *
 * @example
 * const show = (d: RedressErrorDetails['NOT_ALLOWED']) => `${d.command} in ${d.stage ?? 'new'}`;
 */
export interface RedressErrorDetails {
  readonly VALIDATION: ValidationDetails;
  readonly NOT_ALLOWED: NotAllowedDetails;
  readonly FORBIDDEN: ForbiddenDetails;
  readonly NOT_FOUND: NotFoundDetails;
  readonly CONFLICT: ConflictDetails;
  readonly TAMPERED: TamperedDetails;
  readonly STORE_UNAVAILABLE: StoreUnavailableDetails;
}
