package kithtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// NeedPDFTools skips the test (or, in CI, fails it) unless Chromium, to
// make PDFs, and poppler's pdfinfo, pdftotext, pdftohtml and pdfimages, to read them
// back as a reader's tools would, are installed.
func NeedPDFTools(t testing.TB) {
	t.Helper()
	var missing []string
	found := os.Getenv("KITH_CHROMIUM") != ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			found = true
		}
	}
	if !found {
		missing = append(missing, "chromium")
	}
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftohtml", "pdfimages"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool+" (poppler-utils)")
		}
	}
	if len(missing) > 0 {
		if os.Getenv("KITH_REQUIRE_BROWSER") == "1" {
			t.Fatalf("PDF tests need %s (KITH_REQUIRE_BROWSER=1)", strings.Join(missing, ", "))
		}
		t.Skipf("skipping PDF test: %s not installed", strings.Join(missing, ", "))
	}
}

// PDFTool runs one of poppler's tools on pdf (written to a file first)
// with args before the file's name and after, and returns what it printed.
// pdftotext's "-" after the file prints the text.
func PDFTool(t testing.TB, pdf []byte, tool string, before []string, after ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "file.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := append(append(append([]string{}, before...), path), after...)
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}
