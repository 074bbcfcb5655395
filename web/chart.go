package web

import (
	"fmt"
	"html/template"
	"strings"

	"kith"
)

// chart is a bar chart drawn on the server as SVG: no script, and the
// table beside it says the same in words (the chart is its picture).
type chart struct {
	SVG template.HTML
}

// monthlyChart draws the percentage of records on time, month by month.
// Months with no records have no bar, and say so in the bar's title.
func monthlyChart(months []kith.TimelinessFigures) chart {
	const width, height, left, bottom, top = 640, 240, 40, 40, 10
	plotH := float64(height - bottom - top)
	n := len(months)
	if n == 0 {
		return chart{}
	}
	slot := float64(width-left) / float64(n)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="kith-chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`, width, height)
	b.WriteString(`<title id="chart-title">Percentage of records finalised on time, month by month</title>`)
	b.WriteString(`<desc id="chart-desc">A bar for each month; the table “Month by month” below gives the same figures.</desc>`)
	for _, pc := range []int{0, 50, 100} {
		y := float64(top) + plotH*(1-float64(pc)/100)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b1b4b6" stroke-width="1"/>`, left, y, width, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="12" text-anchor="end" fill="#0b0c0c">%d%%</text>`, left-4, y+4, pc)
	}
	for i, m := range months {
		x := float64(left) + slot*float64(i)
		label := template.HTMLEscapeString(m.Label)
		if m.Records > 0 {
			h := plotH * m.PercentOnTime / 100
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1d70b8"><title>%s: %.1f%% of %d on time</title></rect>`,
				x+slot*0.15, float64(top)+plotH-h, slot*0.7, h, label, m.PercentOnTime, m.Records)
		}
		short := label
		if len(m.Key) == 7 {
			short = template.HTMLEscapeString(m.Label[:3] + " " + m.Key[2:4])
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#0b0c0c">%s</text>`, x+slot/2, height-bottom+16, short)
	}
	b.WriteString(`</svg>`)
	return chart{SVG: template.HTML(b.String())} // #nosec G203 -- built here from numbers and escaped labels
}
