package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"kith"
	"kith/quality"
)

const qualityUsage = `Usage:
  kith quality check [--json] FILE...
                                     check plain-text notes ("-" reads standard input); with
                                     --jsonl, read {"id": …, "text": …} lines and answer a line each
  kith quality eval  [-v]            score the coach on its labelled corpora: the public corpus's
                                     test and tuning parts (precision, recall and F1 by category,
                                     and the two labellers' agreement), then the self-written sets
  kith quality index [--db …]        add final records not yet in the copy-paste index (kith serve
             [--rebuild]             also does this in the background when it starts); --rebuild
                                     empties it and builds it again

A plain-text note may name its sections on lines of their own, like
"Observations:" or "## Actions"; each line under "Actions" is one action.
KITH_QUALITY_RULES names a folder of the council's own rule files.
`

func runQuality(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, qualityUsage)
		return usageError{"kith quality: say check or eval"}
	}
	switch args[0] {
	case "check":
		return runQualityCheck(args[1:], stdin, stdout, stderr)
	case "eval":
		return runQualityEval(ctx, args[1:], stdout, stderr)
	case "index":
		return runQualityIndex(ctx, args[1:], stdout, stderr)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, qualityUsage)
		return nil
	}
	fmt.Fprint(stderr, qualityUsage)
	return usageError{fmt.Sprintf("kith quality: unknown command %q", args[0])}
}

// errFindings is returned (exit status 1) when a checked note has
// findings that would stop it being finalised.
var errFindings = errors.New("the note has findings that must be fixed before it can be finalised")

func runQualityCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("quality check", "quality check [--json | --jsonl] FILE...", stderr)
	asJSON := fs.Bool("json", false, "print the findings as JSON")
	lines := fs.Bool("jsonl", false, `read JSON lines ({"id": …, "text": …} each) and answer one JSON line per note`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"kith quality check: name one or more files, or - for standard input"}
	}
	checker, err := quality.New(os.Getenv("KITH_QUALITY_RULES"))
	if err != nil {
		return err
	}
	// Every note is checked before the exit status is decided: one
	// process answers for them all.
	blocked := false
	for i, name := range fs.Args() {
		in, closeIn, err := openInput(name, stdin)
		if err != nil {
			return err
		}
		var b bool
		switch {
		case *lines:
			b, err = checkJSONLines(checker, name, in, stdout)
		case *asJSON && fs.NArg() > 1:
			b, err = checkFile(checker, name, in, stdout, "jsonl")
		case *asJSON:
			b, err = checkFile(checker, name, in, stdout, "json")
		default:
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			b, err = checkFile(checker, name, in, stdout, "text")
		}
		closeIn()
		if err != nil {
			return err
		}
		blocked = blocked || b
	}
	if blocked {
		return errFindings
	}
	return nil
}

func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// checkFile checks one plain-text note, printing its findings as text, as
// one JSON document, or as one JSON line naming the file; it reports
// whether a finding would stop the note being finalised.
func checkFile(checker *quality.Checker, name string, in io.Reader, stdout io.Writer, format string) (bool, error) {
	// Read one byte past the limit, so a huge file is refused at once
	// without being read whole.
	b, err := io.ReadAll(io.LimitReader(in, quality.MaxCheckBytes+1))
	if err != nil {
		return false, err
	}
	text := string(b)
	note := quality.NoteOfPlainText(text)
	findings, err := checkNote(checker, note)
	if err != nil {
		return false, err
	}
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Findings []quality.Finding `json:"findings"`
		}{nonNil(findings)})
	case "jsonl":
		err = json.NewEncoder(stdout).Encode(struct {
			File     string            `json:"file"`
			Findings []quality.Finding `json:"findings"`
		}{name, nonNil(findings)})
	default:
		printFindings(stdout, name, text, note, findings)
	}
	return blocks(findings), err
}

// checkJSONLines checks each JSON line's text and answers a line for each,
// in order: its id and findings, or its id and what was wrong with it. A
// bad line does not stop the rest, but makes the exit status 2.
func checkJSONLines(checker *quality.Checker, name string, in io.Reader, stdout io.Writer) (bool, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 2*quality.MaxCheckBytes+1024)
	enc := json.NewEncoder(stdout)
	type answer struct {
		ID       json.RawMessage   `json:"id"`
		Findings []quality.Finding `json:"findings"`
		Error    string            `json:"error,omitempty"`
	}
	blocked, n, failed := false, 0, 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var in struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		a := answer{Findings: []quality.Finding{}}
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			a.Error = fmt.Sprintf("%s line %d is not a JSON object with an id and a text: %v", name, n, err)
		} else if a.ID = in.ID; in.Text == nil {
			a.Error = fmt.Sprintf("%s line %d has no text", name, n)
		} else if findings, err := checkNote(checker, quality.NoteOfPlainText(*in.Text)); err != nil {
			a.Error = err.Error()
		} else {
			a.Findings = nonNil(findings)
			blocked = blocked || blocks(findings)
		}
		if a.ID == nil {
			a.ID = json.RawMessage("null")
		}
		if a.Error != "" {
			failed++
		}
		if err := enc.Encode(a); err != nil {
			return blocked, err
		}
	}
	if err := sc.Err(); err != nil {
		return blocked, fmt.Errorf("%s line %d: %w", name, n+1, err)
	}
	if failed > 0 {
		// Answered each on its line; the exit status (2) says so too.
		return blocked, usageError{fmt.Sprintf("kith quality check: %d of the lines in %s could not be checked (see their error)", failed, name)}
	}
	return blocked, nil
}

// checkNote checks a note, turning a note the coach cannot read (too
// long) into a usage error with its message.
func checkNote(checker *quality.Checker, note quality.Note) ([]quality.Finding, error) {
	findings, err := checker.Check(note)
	var ke *kith.Error
	if errors.As(err, &ke) {
		return nil, usageError{ke.Message}
	}
	return findings, err
}

func blocks(findings []quality.Finding) bool {
	for _, f := range findings {
		if f.Blocks() {
			return true
		}
	}
	return false
}

func nonNil(fs []quality.Finding) []quality.Finding {
	if fs == nil {
		return []quality.Finding{}
	}
	return fs
}

// printFindings writes one line per finding, placed in the file by line
// and column, as compilers and linters do.
func printFindings(w io.Writer, name, text string, note quality.Note, findings []quality.Finding) {
	offsets := map[string]int{}
	for _, p := range note.Parts {
		offsets[p.Key] = p.Offset
	}
	if len(findings) == 0 {
		fmt.Fprintf(w, "%s: nothing to suggest\n", name)
		return
	}
	for _, f := range findings {
		at := offsets[f.Part] + f.Start
		line := strings.Count(text[:at], "\n") + 1
		col := at - strings.LastIndex(text[:at], "\n")
		fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s\n", name, line, col, f.Level, f.Rule, f.Message)
		if f.Text != "" && len(f.Text) <= 120 {
			fmt.Fprintf(w, "    “%s”", f.Text)
			if len(f.Suggestions) > 0 {
				fmt.Fprintf(w, " → %s", strings.Join(f.Suggestions, ", "))
			}
			fmt.Fprintln(w)
		}
	}
	counts := map[quality.Level]int{}
	for _, f := range findings {
		counts[f.Level]++
	}
	fmt.Fprintf(w, "%d to fix, %d to check, %d suggestions\n", counts[quality.Error], counts[quality.Warning], counts[quality.Suggestion])
}

func runQualityEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("quality eval", "quality eval [-v]", stderr)
	verbose := fs.Bool("v", false, "list every unexpected and missed finding (of the public corpus, its tuning part's only)")
	if err := parse(fs, args); err != nil {
		return err
	}
	checker, err := quality.New(os.Getenv("KITH_QUALITY_RULES"))
	if err != nil {
		return err
	}
	public, err := quality.PublicCorpus()
	if err != nil {
		return err
	}
	// The test part is the honest score: no rule was adjusted against it.
	for _, part := range []string{"test", "tune"} {
		var ps []quality.PublicPassage
		for _, p := range public {
			if p.Part == part {
				ps = append(ps, p)
			}
		}
		res, err := quality.EvaluatePublic(checker, ps)
		if err != nil {
			return err
		}
		// Wrong calls are listed for the tuning part only: reading the
		// test part's would be tuning against it.
		printPublicEval(stdout, part, res, *verbose && part == "tune")
	}
	printAgreement(stdout, public)
	passages, err := quality.Corpus()
	if err != nil {
		return err
	}
	lookup, year, cleanup, err := evalCouncil(ctx, checker)
	if err != nil {
		return err
	}
	defer cleanup()
	withYear(passages, year)
	// The held-out passages were written after the rules were tuned on
	// the development ones: their score is the honest one.
	for _, set := range []string{"held-out", "development"} {
		fmt.Fprintf(stdout, "== self-written, %s ==\n", set)
		var ps []quality.Passage
		for _, p := range passages {
			if p.Set == set {
				ps = append(ps, p)
			}
		}
		res, err := quality.Evaluate(checker, ps, lookup)
		if err != nil {
			return err
		}
		printEval(stdout, res, *verbose)
		fmt.Fprintln(stdout)
	}
	return nil
}

// printEval prints precision and recall by category and by level, with
// the targets beside the levels.
func printEval(w io.Writer, res *quality.Result, verbose bool) {
	fmt.Fprintf(w, "Kith quality coach: %d labelled passages\n\n", res.Passages)
	fmt.Fprintf(w, "%-26s %5s %5s %5s %9s %7s\n", "category", "found", "false", "missed", "precision", "recall")
	for _, c := range quality.Categories {
		s := res.ByCategory[c]
		if s == nil {
			fmt.Fprintf(w, "%-26s %s\n", c, "(nothing found or expected)")
			continue
		}
		fmt.Fprintf(w, "%-26s %5d %5d %6d %9.2f %7.2f\n", c, s.TP, s.FP, s.FN, s.Precision(), s.Recall())
	}
	fmt.Fprintln(w)
	targets := map[quality.Level]string{quality.Error: "target: precision ≥ 0.90, recall ≥ 0.80", quality.Warning: "target: precision ≥ 0.80"}
	for _, l := range []quality.Level{quality.Error, quality.Warning, quality.Suggestion} {
		s := res.ByLevel[l]
		if s == nil {
			s = &quality.Score{}
		}
		fmt.Fprintf(w, "%-26s %5d %5d %6d %9.2f %7.2f  %s\n", string(l)+"s", s.TP, s.FP, s.FN, s.Precision(), s.Recall(), targets[l])
	}
	if verbose {
		fmt.Fprintln(w)
		for _, m := range res.Misses {
			fmt.Fprintf(w, "%s %-10s %-28s %q\n", m.Passage, m.Kind, m.Rule, m.Words)
		}
	}
}

// publicParts names the public corpus's parts.
var publicParts = map[string]string{
	"test": "test part: no rule is adjusted against these",
	"tune": "tuning part: rules may be adjusted against these",
}

// printPublicEval prints the coach's score on a part of the public corpus,
// by category, with the targets, and the clean passages it found
// something in.
func printPublicEval(w io.Writer, part string, res *quality.PublicResult, verbose bool) {
	fmt.Fprintf(w, "== public corpus, %s (%d passages) ==\n\n", publicParts[part], res.Passages)
	fmt.Fprintf(w, "%-18s %8s %5s %5s %6s %9s %7s %5s  %s\n", "category", "labelled", "right", "false", "missed", "precision", "recall", "F1", "target P ≥ 0.90, R ≥ 0.80")
	row := func(name string, s quality.Score, judge bool) {
		verdict := ""
		if judge {
			verdict = "met"
			if s.Precision() < 0.90 || s.Recall() < 0.80 {
				verdict = "missed"
			}
		}
		fmt.Fprintf(w, "%-18s %8d %5d %5d %6d %9.2f %7.2f %5.2f  %s\n", name, s.TP+s.FN, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1(), verdict)
	}
	for _, c := range quality.PublicCategories {
		row(string(c), *res.ByCategory[c], true)
	}
	row("all (micro)", res.Micro(), false)
	fmt.Fprintf(w, "\nPassages labelled clean that the coach found something in (any rule): %d\n", len(res.Clean))
	for _, m := range res.Clean {
		var rules []string
		for _, f := range m.Findings {
			rules = append(rules, fmt.Sprintf("%s %q", f.Rule, f.Text))
		}
		fmt.Fprintf(w, "  %s: %s\n", m.Passage.ID, strings.Join(rules, "; "))
	}
	if verbose {
		fmt.Fprintln(w, "\nWrong calls:")
		for _, m := range res.Misses {
			words := ""
			for _, f := range m.Findings {
				words += fmt.Sprintf(" %s %q", f.Rule, f.Text)
			}
			fmt.Fprintf(w, "  %s %-10s %-16s%s\n      %s\n", m.Passage.ID, m.Kind, m.Category, words, m.Passage.Text)
		}
	}
	fmt.Fprintln(w)
}

// printAgreement prints how far the two labellers agreed, by category.
func printAgreement(w io.Writer, passages []quality.PublicPassage) {
	fmt.Fprintf(w, "== public corpus, the two labellers' agreement (first labeller's labels are scored against) ==\n\n")
	fmt.Fprintf(w, "%-18s %8s %5s %11s %12s %6s %6s\n", "category", "passages", "both", "only first", "only second", "agree", "kappa")
	agreements := quality.Agreements(passages)
	for _, c := range quality.PublicCategories {
		a := agreements[c]
		fmt.Fprintf(w, "%-18s %8d %5d %11d %12d %5.0f%% %6.2f\n", c, a.Passages, a.BothYes, a.OnlyA, a.OnlyB,
			100*float64(a.Agree)/float64(max(a.Passages, 1)), a.Kappa)
	}
	fmt.Fprintln(w)
}

func runQualityIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("quality index", "quality index [--db …] [--rebuild]", stderr)
	dbAddr := dbFlag(fs)
	rebuild := fs.Bool("rebuild", false, "empty the copy-paste index and build it again from every final record")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := mustExist(*dbAddr); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbAddr, logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if *rebuild {
		if err := db.DropTextIndex(ctx); err != nil {
			return err
		}
	}
	// An index to build (an empty one over many records, or one whose
	// build was stopped) is built in bulk; otherwise the records not yet
	// in it are added one by one. Another Kith's build is waited for.
	waited := false
	n, err := completeTextIndex(ctx, db, func(stage string, n int) {
		if stage != "records indexed one by one" || n%10000 == 0 {
			fmt.Fprintf(stdout, "%s: %d\n", stage, n)
		}
	}, func(error) {
		if !waited {
			fmt.Fprintln(stdout, "Another Kith is building the copy-paste index: waiting for it to finish (or stop, to take it over)…")
			waited = true
		}
	}, 5*time.Second)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d final records added to the copy-paste index in %s\n", n, time.Since(start).Round(time.Millisecond))
	// Records finalised while no server was merging wait in the index's
	// queue: they go into the large level now.
	start = time.Now()
	merged, err := db.MergeAllText(ctx, 20000)
	if err != nil {
		return err
	}
	if merged > 0 {
		fmt.Fprintf(stdout, "%d recently finalised records merged into the copy-paste index in %s\n", merged, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
