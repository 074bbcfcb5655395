// Package export turns Kith's own print HTML into files that leave Kith:
// tagged, outlined PDFs made by headless Chromium (through chromedp).
// Where Chromium is not installed, Kith offers the print HTML instead and
// says why; nothing here is needed for that.
package export

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium says the machine has no Chromium to print with.
var ErrNoChromium = errors.New("PDF export needs Chromium, which is not installed on this server (apt-get install chromium, or set KITH_CHROMIUM to its path)")

// DefaultMarking is the protective marking printed on every page unless
// the council sets another (KITH_PROTECTIVE_MARKING).
const DefaultMarking = "OFFICIAL-SENSITIVE"

// Frame is what every page of a PDF carries in its header and footer, so a
// page that comes loose from the bundle still says whose it is and how it
// must be handled.
type Frame struct {
	// Marking is the protective marking (OFFICIAL-SENSITIVE).
	Marking string
	// Child and Reference name the case: "Amy Alder", "KTH-2026-000123".
	Child, Reference string
	// Title says what the document is: "Home visit, 2 November 2026".
	Title string
}

// FindChromium returns the path of the Chromium to print with:
// KITH_CHROMIUM if set, else the first of chromium, chromium-browser and
// google-chrome on the PATH; "" if there is none.
func FindChromium() string {
	if p := os.Getenv("KITH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Printer prints HTML documents to PDF with one headless Chromium, started
// on the first print and shared by later ones (each prints in its own tab,
// so prints run side by side). The zero value is not usable: use
// NewPrinter. A Printer is safe for concurrent use.
type Printer struct {
	path string

	mu       sync.Mutex
	browser  context.Context
	cancel   func()
	starting chan struct{}
}

// NewPrinter returns a printer using the Chromium at path ("" means
// FindChromium). It starts nothing until the first print.
func NewPrinter(path string) *Printer {
	if path == "" {
		path = FindChromium()
	}
	return &Printer{path: path}
}

// Available reports whether the printer has a Chromium to print with.
func (p *Printer) Available() bool { return p != nil && p.path != "" }

// Close stops the printer's Chromium, if it started one.
func (p *Printer) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
		p.browser, p.cancel = nil, nil
	}
}

// PDF prints doc, a complete HTML document that needs nothing from the
// network (its styles inline), on A4 with the frame's header and footer,
// as a tagged PDF with an outline made from its headings.
func (p *Printer) PDF(ctx context.Context, doc []byte, f Frame) ([]byte, error) {
	if !p.Available() {
		return nil, ErrNoChromium
	}
	out, err := p.print(ctx, doc, f)
	if err != nil && ctx.Err() == nil {
		// Chromium may have exited since it was started (killed, out of
		// memory): start another once and try again.
		p.Close()
		out, err = p.print(ctx, doc, f)
	}
	return out, err
}

func (p *Printer) print(ctx context.Context, doc []byte, f Frame) ([]byte, error) {
	browser, err := p.running()
	if err != nil {
		return nil, err
	}
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	// The caller's deadline and cancellation reach the tab.
	stop := context.AfterFunc(ctx, closeTab)
	defer stop()
	pdf, err := chromedp.Run(tab, printDocument(string(doc), f))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("print to PDF with Chromium: %w", err)
	}
	return pdf, nil
}

// running returns the shared browser, starting it if need be. Only one
// caller starts it; the others wait for that start.
func (p *Printer) running() (context.Context, error) {
	for {
		p.mu.Lock()
		if p.browser != nil {
			b := p.browser
			p.mu.Unlock()
			return b, nil
		}
		if p.starting != nil {
			wait := p.starting
			p.mu.Unlock()
			<-wait
			continue
		}
		p.starting = make(chan struct{})
		p.mu.Unlock()

		b, cancel, err := startChromium(p.path)
		p.mu.Lock()
		close(p.starting)
		p.starting = nil
		if err == nil {
			p.browser, p.cancel = b, cancel
		}
		p.mu.Unlock()
		return b, err
	}
}

func startChromium(path string) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		// The documents are Kith's own and self-contained: nothing is
		// fetched and no script runs.
		chromedp.Flag("blink-settings", "scriptEnabled=false"),
	)
	if os.Geteuid() == 0 {
		// Chromium's sandbox refuses to run as root (containers, CI).
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// The first run starts the browser, which lives as long as that run's
	// context: bctx itself, never one with a deadline.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, nil, fmt.Errorf("start Chromium (%s): %w", path, err)
	}
	return bctx, func() { cancelBrowser(); cancelAlloc() }, nil
}

// printDocument loads doc into a blank tab and prints it.
func printDocument(doc string, f Frame) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			return nil, err
		}
		tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if _, err := chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: doc}); err != nil {
			return nil, err
		}
		return chromedp.PrintToPDF(
			chromedp.PDFPaper(chromedp.PaperA4),
			// 2 cm top and bottom leave room for the header and footer.
			chromedp.PDFMargins(0.8, 0.6, 0.8, 0.6),
			chromedp.PDFOutlineAndTagged(),
			chromedp.PDFPreferCSSPageSize(),
			chromedp.PDFHeaderTemplate(header(f)),
			chromedp.PDFFooterTemplate(footer(f)),
		)(ctx, t)
	}
}

// The header and footer are Chromium's own templates: inline styles only,
// and a font size, since Chromium's default for them is 0.
const frameStyle = `font-family: Arial, sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 1.5cm; display: flex; justify-content: space-between;`

func header(f Frame) string {
	marking := f.Marking
	if marking == "" {
		marking = DefaultMarking
	}
	return `<div style="` + frameStyle + `"><strong>` + html.EscapeString(marking) + `</strong><span>` +
		html.EscapeString(f.Child) + ` · ` + html.EscapeString(f.Reference) + `</span></div>`
}

func footer(f Frame) string {
	marking := f.Marking
	if marking == "" {
		marking = DefaultMarking
	}
	return `<div style="` + frameStyle + `"><span>` + html.EscapeString(f.Title) + `</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span><strong>` +
		html.EscapeString(marking) + `</strong></div>`
}
