package export

import "github.com/chromedp/chromedp"

// KillChromium kills the printer's Chromium as the kernel would, to test
// that the next print starts another.
func (p *Printer) KillChromium() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.browser == nil {
		return nil
	}
	return chromedp.FromContext(p.browser).Browser.Process().Kill()
}
