package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith/internal/kithtest"
	"kith/web"
)

// noScript turns the page's JavaScript off (or on again), as for someone
// whose browser runs none: Kith's pages must work without it.
func (b *browser) noScript(off bool) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	}))
}

// axeNoScript runs axe-core on a page shown without JavaScript: axe needs
// scripts to run, so they are let run for it alone, on the page as it is.
func (b *browser) axeNoScript() {
	b.t.Helper()
	b.noScript(false)
	b.axe()
	b.noScript(true)
}

// TestPhotoOfDirectWorkOnAPhone: on a 320-pixel phone with no JavaScript,
// Ann adds a photo of Amy's three houses drawing to a home visit. Without
// a description for someone who cannot see it she is asked for one, with
// what she typed kept; with it, the draft shows the drawing as a
// thumbnail no wider than the phone, with her words as its alt text.
// Every page is axe clean and fits.
func TestPhotoOfDirectWorkOnAPhone(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	// A photo far wider than a phone.
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for x := range 1600 {
		for y := 500; y < 700; y++ {
			img.Set(x, y, color.RGBA{30, 80, 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "three-houses.png")
	if err := os.WriteFile(photo, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.noScript(true)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.see("Direct work: photos and scans", "three houses drawing")
	if js[bool](b, `document.body.classList.contains("govuk-frontend-supported")`) {
		t.Fatal("the page's scripts ran")
	}
	b.fits()
	b.press("Save and upload a file")
	b.see("Upload a file", "Describe the picture for someone who cannot see it")
	b.axeNoScript()
	b.fits()

	b.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}))
	b.fill(map[string]string{"description": "Amy's three houses drawing", "provided_by": "Amy Alder", "provided_role": "the child"})
	b.press("Upload the file")
	b.see("There is a problem", "Describe the picture for someone who cannot see it", "Choose the file again")
	b.shot("refused")
	b.errorSummaryWorks()
	if got := b.fieldValue("description"); got != "Amy's three houses drawing" {
		t.Errorf("the description typed was lost: %q", got)
	}
	b.axeNoScript()
	b.fits()

	alt := "Three houses drawn in pencil: a man shouting in the house of worries, a cat in the house of good things"
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}))
	b.fill(map[string]string{"alt": alt})
	b.press("Upload the file")
	b.see("File uploaded: three-houses.png", "Provided by Amy Alder (the child)")
	b.do(chromedp.ScrollIntoView(chromedp.CSS("img.kith-thumbnail")))
	b.shot("thumbnail")
	if got := js[string](b, `document.querySelector("img.kith-thumbnail").alt`); got != alt {
		t.Errorf("the thumbnail's alt text is %q", got)
	}
	if w := js[int](b, `document.querySelector("img.kith-thumbnail").naturalWidth`); w != 1600 {
		t.Errorf("the picture did not load: natural width %d", w)
	}
	if w := js[float64](b, `document.querySelector("img.kith-thumbnail").getBoundingClientRect().width`); w <= 0 || w > 320 {
		t.Errorf("the thumbnail is %.0f pixels wide on a 320-pixel phone", w)
	}
	b.axeNoScript()
	b.fits()
}

// TestContactNoteInSevenSteps: on a phone, the contact note is asked in
// the guidance's seven numbered steps, with where and when once, as step
// 2; finalising it empty asks for the place there, and every link of the
// error summary leads to its field. axe clean, and it fits.
func TestContactNoteInSevenSteps(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.narrow()
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "contact-note")
	b.press("Start the record")
	b.see("1. Who attended", "2. Where and when", "3. Purpose", "7. Next session")
	if n := js[int](b, `document.querySelectorAll("input[name='occurred-day']").length`); n != 1 {
		t.Errorf("the date is asked %d times", n)
	}
	b.axe()
	b.fits()
	b.pressWhileItMoves("Finalise the record")
	b.see("There is a problem", "Enter where the contact took place", "Enter who attended")
	b.errorSummaryWorks()
	b.axe()
	b.fits()
}
