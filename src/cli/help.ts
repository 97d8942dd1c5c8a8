// The text of `http-guard --help` (and `http-guard <command> --help`).
export const HELP = `Usage: http-guard <command> [options]

Finds HTTP API client code that fails badly on 401/403, swallows errors or retries
without backoff, and explains HTTP status codes and errors.

Commands:
  check [paths...]      Check files and folders (default: the current folder)
  fix [paths...]        Apply the fixes of the findings (safe ones unless --unsafe)
  explain "<text>"      Explain a status code, error message or header (- reads stdin)

Options for check:
  -f, --format <fmt>    Output format: text (default), json or sarif
  -c, --config <file>   Use this config file instead of the nearest .http-guard.json
      --no-config       Use no .http-guard.json, only the defaults
      --max-warnings <n>  Exit 1 only for errors or more than n warnings
  -q, --quiet           Report errors only
      --color, --no-color  Force colour on or off (default: on for a terminal, off with NO_COLOR)
      --show-retries    Also list every retry policy found, as the code would run it

Options for fix:
  -r, --rule <id>       Fix only this rule's findings
      --dry-run         Print a unified diff instead of writing (exit 1 when there is work)
      --unsafe          Also apply fixes that change behaviour (status checks, attempt limits)

General options:
  -h, --help            Show this help (also: http-guard <command> --help)
  -v, --version         Show the version

Exit codes: 0 no problems, 1 problems found, 2 bad usage, bad config or unreadable path.
`;
