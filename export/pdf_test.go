package export_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kith/export"
	"kith/internal/kithtest"
)

func needPrinting(t *testing.T) *export.Printer {
	t.Helper()
	kithtest.NeedPDFTools(t)
	p := export.NewPrinter("")
	t.Cleanup(p.Close)
	return p
}

// document is a long record: enough paragraphs for several pages, under
// two headings.
func document() []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Home visit</title>
<style>body { font-family: Arial, sans-serif; font-size: 12pt; }</style></head><body><main>
<h1>Amy Alder (KTH-2026-000123)</h1><h2>Home visit: Amy at home after school</h2>`)
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d. Amy showed me her bedroom and the drawings on her wall; she said the one of the dog was her favourite.</p>", i)
	}
	b.WriteString(`<h2>Analysis</h2><p>Amy's room was warm and clean.</p></main></body></html>`)
	return []byte(b.String())
}

func writePDF(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func TestPDFIsTaggedOutlinedA4WithTheFrameOnEveryPage(t *testing.T) {
	p := needPrinting(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pdf, err := p.PDF(ctx, document(), export.Frame{Marking: "OFFICIAL-SENSITIVE", Child: "Amy Alder", Reference: "KTH-2026-000123", Title: "Home visit, 2 November 2026"})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, pdf)

	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("the PDF is not tagged for screen readers:\n%s", info)
	}
	if !regexp.MustCompile(`(?m)^Page size:\s+595\.\d* x 841\.\d* pts \(A4\)`).MatchString(info) {
		t.Errorf("the PDF is not A4:\n%s", info)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(m[1])
	if pages < 2 {
		t.Fatalf("a long record printed on %d page; want several, to check every page's frame", pages)
	}
	for i := 1; i <= pages; i++ {
		text := run(t, "pdftotext", "-layout", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), path, "-")
		for _, want := range []string{"OFFICIAL-SENSITIVE", "Amy Alder · KTH-2026-000123", fmt.Sprintf("Page %d of %d", i, pages), "Home visit, 2 November 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d lacks %q:\n%s", i, want, text)
			}
		}
	}
	// The outline (bookmarks) is made from the headings.
	xml := run(t, "pdftohtml", "-xml", "-stdout", "-i", "-q", path)
	outline := xml[strings.Index(xml, "<outline"):]
	for _, heading := range []string{"Amy Alder (KTH-2026-000123)", "Home visit: Amy at home after school", "Analysis"} {
		if !strings.Contains(outline, heading) {
			t.Errorf("the outline lacks the heading %q:\n%.2000s", heading, outline)
		}
	}
}

func TestPDFEscapesTheFrame(t *testing.T) {
	p := needPrinting(t)
	pdf, err := p.PDF(context.Background(), []byte(`<!DOCTYPE html><html lang="en-GB"><head><title>x</title></head><body><h1>A</h1></body></html>`),
		export.Frame{Child: `<b>Zoë</b> & "Jo"`, Reference: "KTH-1", Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	text := run(t, "pdftotext", writePDF(t, pdf), "-")
	if !strings.Contains(text, `<b>Zoë</b> & "Jo" · KTH-1`) {
		t.Errorf("the child's name was not printed as typed:\n%s", text)
	}
	if !strings.Contains(text, export.DefaultMarking) {
		t.Errorf("no marking given should print %s:\n%s", export.DefaultMarking, text)
	}
}

func TestPrintsSideBySideAndAfterChromiumDies(t *testing.T) {
	p := needPrinting(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := fmt.Sprintf(`<!DOCTYPE html><html lang="en-GB"><head><title>x</title></head><body><h1>Print %d</h1></body></html>`, i)
			pdf, err := p.PDF(context.Background(), []byte(doc), export.Frame{Child: "C", Reference: "R", Title: "T"})
			if err == nil && !strings.HasPrefix(string(pdf), "%PDF-") {
				err = fmt.Errorf("print %d is not a PDF", i)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// Chromium killed under the printer: the next print starts another.
	if err := p.KillChromium(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := p.PDF(context.Background(), document(), export.Frame{Child: "C", Reference: "R", Title: "T"}); err != nil {
		t.Fatalf("after Chromium was killed: %v", err)
	}
}

func TestNoChromiumSaysSo(t *testing.T) {
	p := &export.Printer{}
	if p.Available() {
		t.Fatal("a printer with no Chromium says it is available")
	}
	if _, err := p.PDF(context.Background(), []byte("<p>x</p>"), export.Frame{}); err != export.ErrNoChromium {
		t.Fatalf("err = %v, want ErrNoChromium", err)
	}
}
