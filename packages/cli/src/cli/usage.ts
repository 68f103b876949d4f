/** The text of `redress --help`. */
export const USAGE = `redress — verify, replay, audit and move Redress complaint logs

Usage: redress <command> [arguments] --store <file.db | postgres://… | file.ndjson> [--json]

Commands
  verify [--complaint ID] [--workers N] hash chains, event schemas and every transition
                                        (replayed through the lifecycle machine); exit 1 on a bad event;
                                        a large SQLite log is checked on N threads (default: cores, up to 4)
  replay ID [--at TIME | --version N]   the complaint's state then
  audit ID [--format text|json|html] [--out FILE]
                                        timeline: who, role, what, when, time in each stage,
                                        deadlines met or missed, notifications sent
  stats --from DATE --to DATE [--by category|department|month]
                                        the complaint statistics table
  export [--out FILE]                   NDJSON, one stored event per line, hashes intact
  import FILE                           load an NDJSON export into the --store (verified first)

Options
  --store, -s   SQLite file, postgres:// URL (?schema=name or --schema) or .ndjson export;
                default: $REDRESS_STORE
  --json        machine-readable output on stdout
  --help, -h    this text

Exit codes: 0 ok, 1 verify found a bad event, 2 usage, 3 store unavailable (wrong path,
unreachable database), 4 complaint not found, 5 damaged log or export, 6 refused by the store,
141 stdout closed by its reader (as after SIGPIPE).
`;
