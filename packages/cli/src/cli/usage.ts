/** The text of `redress --help`. */
export const USAGE = `redress — verify, replay, audit and move Redress complaint logs

Usage: redress <command> [arguments] --store <file.db | postgres://… | file.ndjson> [--json]

Commands
  verify [--complaint ID] [--workers N] hash chains, event schemas and every transition
                                        (replayed through the lifecycle machine); exit 1 on a bad event;
                                        a large SQLite log is checked on N threads (default: cores, up to 4)
  replay ID [--at TIME | --version N]   the complaint's state then (TIME: 2026-03-02T10:00:00Z, an offset
                                        such as +01:00 instead of Z, or a date alone: midnight UTC)
  audit ID [--format text|json|html] [--out FILE]
                                        timeline: who, role, what, when, time in each stage,
                                        deadlines met or missed, notifications sent
  stats --from DATE --to DATE [--by category|department|month]
                                        the complaint statistics table (DATE: 2026-03-01, or a TIME)
  export [--out FILE]                   NDJSON, one stored event per line, hashes intact
  import FILE                           load an NDJSON export into the --store (verified first)

Options
  --store, -s   SQLite file, postgres:// URL (?schema=name or --schema) or .ndjson export;
                default: $REDRESS_STORE
  --json        machine-readable output on stdout
  --help, -h    this text
  --version     alone (redress --version): the version of redress

Exit codes: 0 ok, 1 verify found a bad event, 2 wrong command line (unknown command, missing
or extra argument, no store), 3 store unavailable (wrong path, unreachable database), 4 complaint
not found, 5 damaged log or export, 6 refused (by the store, or a bad option value such as a date
that does not exist or an --out that cannot be written), 70 a bug in redress,
141 stdout closed by its reader (as after SIGPIPE).
`;
