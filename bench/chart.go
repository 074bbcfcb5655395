package bench

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// sweepChart draws the concurrency sweep as an SVG for
// docs/benchmarks.md: requests a second against clients at once, a line
// per workload, each point labelled with its p99, and a dashed line at
// the target (none when 0). The table beside it in the docs says the
// same in words.
func sweepChart(results []LoadResult, title string, target float64) string {
	const width, height, left, right, top, bottom = 780, 360, 64, 220, 40, 48
	var levels []int
	byWorkload := map[string][]LoadResult{}
	var order []string
	for _, r := range results {
		if _, ok := byWorkload[r.Workload]; !ok {
			order = append(order, r.Workload)
		}
		byWorkload[r.Workload] = append(byWorkload[r.Workload], r)
		found := false
		for _, l := range levels {
			found = found || l == r.Concurrency
		}
		if !found {
			levels = append(levels, r.Concurrency)
		}
	}
	if len(levels) == 0 {
		return ""
	}
	most := target
	for _, r := range results {
		most = math.Max(most, r.ReqPerSec)
	}
	step := niceStep(most / 4)
	yMax := step * math.Ceil(most/step)
	if yMax == 0 {
		yMax = 1
	}
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	x := func(level int) float64 {
		for i, l := range levels {
			if l == level {
				if len(levels) == 1 {
					return float64(left) + plotW/2
				}
				return float64(left) + plotW*float64(i)/float64(len(levels)-1)
			}
		}
		return float64(left)
	}
	y := func(v float64) float64 { return float64(top) + plotH*(1-v/yMax) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" aria-labelledby="sweep-title sweep-desc" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">`, width, height)
	fmt.Fprintf(&b, `<title id="sweep-title">%s</title>`, html.EscapeString(title))
	b.WriteString(`<desc id="sweep-desc">Requests a second at each number of clients at once, a line per workload, each point labelled with its 99th-percentile time; the table beside the chart gives the same figures.</desc>`)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`, width, height)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" fill="#0b0c0c">%s</text>`, left, html.EscapeString(title))
	for v := 0.0; v <= yMax+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b1b4b6" stroke-width="1"/>`, left, y(v), width-right, y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="12" text-anchor="end" fill="#0b0c0c">%.0f</text>`, left-6, y(v)+4, v)
	}
	fmt.Fprintf(&b, `<text x="14" y="%.1f" font-size="12" fill="#0b0c0c" transform="rotate(-90 14 %.1f)" text-anchor="middle">requests a second</text>`, float64(top)+plotH/2, float64(top)+plotH/2)
	for _, l := range levels {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle" fill="#0b0c0c">%d</text>`, x(l), height-bottom+18, l)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle" fill="#0b0c0c">clients at once</text>`, float64(left)+plotW/2, height-8)
	if target > 0 {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#0b0c0c" stroke-width="1.5" stroke-dasharray="6 4"/>`, left, y(target), width-right, y(target))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="12" fill="#0b0c0c">target for mixed reads:</text><text x="%d" y="%.1f" font-size="12" fill="#0b0c0c">%.0f a second</text>`,
			width-right+16, y(target)-4, width-right+16, y(target)+12, target)
	}
	colours := []string{"#1d70b8", "#d4351c", "#00703c", "#4c2c92"}
	for i, name := range order {
		colour := colours[i%len(colours)]
		var pts []string
		for _, r := range byWorkload[name] {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(r.Concurrency), y(r.ReqPerSec)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), colour)
		for _, r := range byWorkload[name] {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s, %d at once: %.0f req/s, p50 %s, p99 %s</title></circle>`,
				x(r.Concurrency), y(r.ReqPerSec), colour, html.EscapeString(name), r.Concurrency, r.ReqPerSec, ms(r.P50), ms(r.P99))
			// The first and last labels keep inside the plot, clear of
			// the axis and the key.
			anchor := "middle"
			switch r.Concurrency {
			case levels[0]:
				anchor = "start"
			case levels[len(levels)-1]:
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="%s" fill="%s">p99 %s</text>`,
				x(r.Concurrency), y(r.ReqPerSec)-9, anchor, colour, ms(r.P99))
		}
		ly := top + 20 + i*22
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>`, width-right+16, ly, width-right+36, ly, colour)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#0b0c0c">%s</text>`, width-right+42, ly+4, html.EscapeString(name))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep rounds a gridline step up to 1, 2 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
