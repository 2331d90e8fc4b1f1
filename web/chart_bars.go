package web

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// The bar chart of the forecasts page: a row per account manager, the
// quarter's target as an outlined bar, the revenue so far as a solid bar
// and the forecast for the rest of the quarter as a lighter segment after
// it. It is an SVG drawn by the server, as the other charts are (chart.go).
// Each row is a group with a <title> that keyboard users reach (tabindex)
// and whose figures show in the chart's head while it is hovered or
// focused, by CSS alone; the table under the chart repeats every figure.

// The chart's drawing box, in SVG units; it scales to the panel's width.
const (
	barsW       = 400.0
	barsPad     = 8.0  // left and right of the plot
	barsLine    = 15.5 // between two lines of figures
	barsHead    = 5*barsLine + 9
	barsRow     = 38.0 // one person
	barsThick   = 13.0 // a bar's height
	barsAxis    = 36.0 // the axis's labels below the rows
	barsTicks   = 4    // about
	barsTickGap = 13.0
)

// barChart is the data of the SVG.
type barChart struct {
	W, H        float64
	Left, Right float64 // the plot's edges
	Top, Bottom float64 // the rows' area
	TickY       float64 // the tick labels' baseline
	AxisX       float64 // the axis label's middle
	AxisY       float64
	Currency    string
	// Label names the chart for screen readers.
	Label string
	// Idle are the head's lines while no row is hovered or focused; the
	// last is a hint that print leaves out.
	Idle  []barLine
	Rows  []barRow
	Ticks []barTick
}

// barLine is a line of text in the chart's head.
type barLine struct {
	Y     float64
	Text  string
	Class string // fc-strong for a heading, fc-hint for a hint
}

// barRow is one person's bars, figures and title.
type barRow struct {
	Y, H       float64 // the row's band, which highlights
	NameY      float64
	BarY, BarH float64
	Name       string // shortened to fit
	// Now and Ahead are the attainment at the row's right end: reached
	// ("68% now · ") and projected ("97% projected", in Band's colour).
	Now, Ahead string
	Band       string
	HasTarget  bool
	TargetW    float64
	MarkX      float64 // the target's end, marked across the bars
	MarkY1     float64
	MarkY2     float64
	ActualW    float64
	ForecastX  float64
	ForecastW  float64
	// Title is every figure in a sentence; Lines are the same words in
	// the lines the head shows them in.
	Title string
	Lines []barLine
}

// barTick is a gridline of the x axis with its label.
type barTick struct {
	X      float64
	Label  string
	Anchor string // text-anchor: start, middle or end
}

// newBarChart draws the people's rows of one currency; total is their
// total's row, which the head shows while no row is chosen.
func newBarChart(d *forecastsPage, people []*forecastRow, total *forecastRow) *barChart {
	c := &barChart{W: barsW, Left: barsPad, Right: barsW - barsPad, Top: barsHead, Currency: total.Currency}
	c.Bottom = barsHead + barsRow*float64(len(people))
	c.TickY, c.AxisY, c.AxisX = c.Bottom+barsTickGap, c.Bottom+barsTickGap+16, barsW/2
	c.H = c.Bottom + barsAxis
	what := "target and actual revenue"
	if d.HasForecast {
		what = "target, actual revenue and forecast"
	}
	c.Label = fmt.Sprintf("%s, %s: %s per account manager", d.Quarter, total.Currency, what)

	hi := 0.0
	for _, r := range people {
		hi = math.Max(hi, math.Max(r.Target.Float(), math.Max(r.Actual.Float(), r.Projected.Float())))
	}
	if hi <= 0 {
		hi = 1
	}
	step := niceStep(hi / barsTicks)
	top := math.Ceil(hi/step) * step
	plot := c.Right - c.Left
	x := func(v float64) float64 { return round1(c.Left + math.Max(0, math.Min(v, top))/top*plot) }
	for v := 0.0; v <= top+step/2; v += step {
		t := barTick{X: x(v), Label: compact(v), Anchor: "middle"}
		switch {
		case v == 0:
			t.Anchor = "start"
		case v+step > top+step/2:
			t.Anchor = "end"
		}
		c.Ticks = append(c.Ticks, t)
	}

	who := fmt.Sprintf("%d people", len(people))
	if len(people) == 1 {
		who = people[0].Name
	}
	c.Idle = []barLine{{Y: barsLine, Text: fmt.Sprintf("%s in %s: %s", d.Quarter, total.Currency, who), Class: "fc-strong"}}
	for _, w := range append(totalWords(d, total, len(people) > 1), "Hover over or focus a bar to read its figures.") {
		c.Idle = append(c.Idle, barLine{Y: barsLine * float64(len(c.Idle)+1), Text: w})
	}
	c.Idle[len(c.Idle)-1].Class = "fc-hint"

	for i, r := range people {
		y := barsHead + barsRow*float64(i)
		b := barRow{Y: y + 1, H: barsRow - 2, NameY: y + 14, BarY: y + 19, BarH: barsThick, Name: shortName(r.Name, chartNameRunes),
			Band: r.Band, HasTarget: r.HasTarget && r.Target > 0, MarkY1: y + 16, MarkY2: y + 19 + barsThick + 3}
		actual := math.Max(r.Actual.Float(), 0)
		b.ActualW = round1(x(actual) - c.Left)
		b.ForecastX = x(actual)
		b.ForecastW = round1(x(actual+math.Max(r.Forecast.Float(), 0)) - b.ForecastX)
		if b.HasTarget {
			b.MarkX = x(r.Target.Float())
			b.TargetW = round1(b.MarkX - c.Left)
		}
		switch {
		case !b.HasTarget:
			b.Now = "no target"
		case !d.HasForecast:
			b.Ahead = r.Attainment
		case d.When == "future":
			b.Ahead = r.ProjectedAttainment + " projected"
		default:
			b.Now, b.Ahead = r.Attainment+" now · ", r.ProjectedAttainment+" projected"
		}
		words := rowWords(d, r)
		for j, w := range words {
			b.Lines = append(b.Lines, barLine{Y: barsLine * float64(j+1), Text: w})
		}
		b.Title = strings.Join(words, " ")
		c.Rows = append(c.Rows, b)
	}
	return c
}

// rowWords are a row's figures in the lines the chart's head shows; joined
// by spaces they are the row's title.
func rowWords(d *forecastsPage, r *forecastRow) []string {
	cur := r.Currency
	second := "no target, actual " + money(r.Actual, cur)
	if r.HasTarget {
		second = "target " + money(r.Target, cur) + ", actual " + money(r.Actual, cur) + inBrackets(r.Attainment)
	}
	if !d.HasForecast {
		return []string{r.Name + ":", second + "."}
	}
	rest := " for the rest of the quarter;"
	if d.When == "future" {
		rest = " for the quarter;"
	}
	words := []string{r.Name + ":", second + ";", "forecast " + money(r.Forecast, cur) + rest,
		"projected " + money(r.Projected, cur) + inBrackets(r.ProjectedAttainment) + "."}
	if r.HasInterval {
		words[3] = strings.TrimSuffix(words[3], ".") + ","
		words = append(words, "80% interval "+r.Low.FormatGrouped()+"–"+money(r.High, cur)+".")
	}
	return words
}

// totalWords are the total's figures in up to two lines, for the chart's
// head while no row is chosen, whose line above names the currency; several
// people's are "together".
func totalWords(d *forecastsPage, t *forecastRow, several bool) []string {
	a := "actual " + t.Actual.FormatGrouped() + inBrackets(t.Attainment)
	if t.HasTarget {
		a = "target " + t.Target.FormatGrouped() + ", " + a
	} else {
		a = "no target, " + a
	}
	if several {
		a = "Together: " + a
	} else {
		a = strings.ToUpper(a[:1]) + a[1:]
	}
	if !d.HasForecast {
		return []string{a + "."}
	}
	return []string{a + ";", "forecast " + t.Forecast.FormatGrouped() + ", projected " + t.Projected.FormatGrouped() +
		inBrackets(t.ProjectedAttainment) + "."}
}

// inBrackets is " (s)", or "" for no s.
func inBrackets(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// shortName cuts a name longer than n runes, marking the cut.
func shortName(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
