// Package cli implements gen5view's subcommands (info, verify, extract,
// create, edit, ls, tags, seedcheck, noise, thumbnail, version). It knows
// nothing of the window: main hands it the arguments when the first one
// names a subcommand.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes, the same for every subcommand.
const (
	ExitOK    = 0 // success
	ExitFile  = 1 // a file is unreadable, corrupt or fails a check
	ExitUsage = 2 // the command line is wrong
)

// command is one subcommand.
type command struct {
	summary string
	run     func(e *env, args []string) int
}

var commands = map[string]command{}

// register is called from each subcommand's file.
func register(name, summary string, run func(e *env, args []string) int) {
	commands[name] = command{summary: summary, run: run}
}

// IsCommand reports whether name is a subcommand (or a request for help),
// so that main can tell `gen5view info x.gen5` from `gen5view x.gen5`.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok || isVersionFlag(name) || name == "help" || name == "-h" || name == "--help" || name == "-help"
}

// env carries the program's name and the output streams, so that tests
// can capture them.
type env struct {
	prog           string
	stdout, stderr io.Writer
}

// The names of the two programs that run the subcommands: the viewer, which
// also opens a window, and the command line alone (cmd/gen5).
const (
	Viewer      = "gen5view"
	CommandLine = "gen5"
)

// Run runs the subcommand named by args[0] as gen5view and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	return RunAs(Viewer, args, stdout, stderr)
}

// RunAs runs the subcommand named by args[0] for the program prog (Viewer
// or CommandLine), whose name its messages and usage give.
func RunAs(prog string, args []string, stdout, stderr io.Writer) int {
	e := &env{prog: prog, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(e, []string{"--help"})
			}
		}
		usage(prog, stdout)
		return ExitOK
	}
	if isVersionFlag(args[0]) {
		args = append([]string{"version"}, args[1:]...)
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q (run %s help)\n", prog, args[0], prog)
		return ExitUsage
	}
	return c.run(e, args[1:])
}

// usage prints the list of subcommands.
func usage(prog string, w io.Writer) {
	fmt.Fprintln(w, "Gen5 Viewer: view, check and edit .gen5 and .raiiaf AI image containers.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	if prog == Viewer {
		fmt.Fprintf(w, "  %-29s open the viewer window\n", prog+" [FILE]")
		fmt.Fprintf(w, "  %-29s open the library window on a folder\n", prog+" FOLDER")
	}
	fmt.Fprintf(w, "  %-29s run a command; %s COMMAND --help for its flags\n", prog+" COMMAND [ARGS]", prog)
	fmt.Fprintf(w, "  %-29s print the release and commit (as %s version)\n", prog+" --version", prog)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit status: 0 success, 1 a file is unreadable, corrupt or fails a check, 2 usage error.")
}

// flags makes a flag set for a subcommand whose errors go to stderr.
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), strings.TrimSpace(fmt.Sprintf("Usage: %s %s %s", e.prog, name, synopsis)))
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(fs.Output(), "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses flags wherever they stand among the positional arguments
// (`extract FILE --image out.png` as well as `extract --image out.png FILE`)
// and checks the number of positional arguments. It returns ok=false with
// the exit code to use when parsing ends the command (help, or an error).
func (e *env) parse(fs *flag.FlagSet, args []string, minPos, maxPos int) (pos []string, code int, ok bool) {
	for {
		// The flag package prints the usage itself on -h and on an error;
		// it is printed here instead, so that help goes to standard output
		// alone and not to standard error as well.
		usage := fs.Usage
		fs.Usage = func() {}
		err := fs.Parse(args)
		fs.Usage = usage
		if err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(e.stdout)
				fs.Usage()
				return nil, ExitOK, false
			}
			fs.Usage()
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < minPos || (maxPos >= 0 && len(pos) > maxPos) {
		if len(pos) < minPos {
			fmt.Fprintf(e.stderr, "%s %s: missing argument\n", e.prog, fs.Name())
		} else {
			fmt.Fprintf(e.stderr, "%s %s: unexpected argument %q\n", e.prog, fs.Name(), pos[maxPos])
		}
		fs.Usage()
		return nil, ExitUsage, false
	}
	return pos, ExitOK, true
}

// fail prints a one-line error and returns the file-error exit code.
func (e *env) fail(err error) int {
	fmt.Fprintf(e.stderr, "%s: %s\n", e.prog, oneLine(err.Error()))
	return ExitFile
}

// usageError prints a one-line usage error and returns its exit code.
func (e *env) usageError(cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "%s %s: %s\n", e.prog, cmd, oneLine(fmt.Sprintf(format, args...)))
	return ExitUsage
}

// oneLine makes a message one line that is safe on a terminal: runs of
// white space become one space, control characters are escaped (termText).
func oneLine(s string) string { return termText(strings.Join(strings.Fields(s), " ")) }

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }
