package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// The monthly revenue chart of an account page: an SVG drawn on the server,
// since the pages run no script. Bars are the account's own net revenue of
// each of the 24 months to today (the current month to date, drawn lighter);
// a line is its hierarchy's when it has subsidiaries. Each month carries a
// <title> with its figures, which browsers show on hover, and the page
// repeats them in a table as the chart's text alternative.

// The chart's drawing box, in SVG units; it scales to the panel's width.
const (
	chartW, chartH         = 720, 190
	chartLeft, chartRight  = 48, 6
	chartTop, chartBottom  = 8, 22
	chartPlotW, chartPlotH = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
	chartBarShare          = 0.64 // of a month's slot
	chartTicks             = 4    // about, above and below zero together
	chartLabelEvery        = 3    // months between labels of the x axis
)

// chart is the data of the SVG.
type chart struct {
	W, H        float64 // the drawing box
	Left, Right float64 // the plot's edges
	Top, PlotH  float64
	Zero        float64 // the y of zero
	SlotW       float64 // a month's width
	Months      []chartMonth
	Ticks       []chartTick
	Line        string // the hierarchy's polyline points; "" without one
	Summary     string // what the chart shows, in a sentence
	Currency    string
	HasTree     bool
}

// chartMonth is one month: its bar, its label and its figures.
type chartMonth struct {
	Name          string // "Mar 2026"
	Label         string // on the x axis, "" for most months
	X, BarX, BarW float64
	BarY, BarH    float64
	Negative      bool
	Partial       bool   // the current month, to date
	Own, Tree     string // the figures, with their currency
	Title         string // what hovering shows
}

// chartTick is a gridline of the y axis.
type chartTick struct {
	Y     float64
	Label string
}

// newChart draws the monthly revenues; tree, when not nil, adds the
// hierarchy's. It returns nil when every month is zero.
func newChart(own []insight.MonthRevenue, tree *insight.Figures, currency string) *chart {
	if len(own) == 0 {
		return nil
	}
	treeOf := map[[2]int]kam.Money{}
	if tree != nil {
		for _, m := range tree.Monthly {
			treeOf[[2]int{m.Year, m.Month}] = m.Revenue
		}
	}
	hi, lo := 0.0, 0.0
	for _, m := range own {
		v, t := m.Revenue.Float(), treeOf[[2]int{m.Year, m.Month}].Float()
		hi, lo = math.Max(hi, math.Max(v, t)), math.Min(lo, math.Min(v, t))
	}
	if hi == 0 && lo == 0 {
		return nil
	}
	step := niceStep((hi - lo) / chartTicks)
	top, bottom := math.Ceil(hi/step)*step, math.Floor(lo/step)*step
	y := func(v float64) float64 { return round1(chartTop + (top-v)/(top-bottom)*chartPlotH) }
	c := &chart{W: chartW, H: chartH, Left: chartLeft, Right: chartW - chartRight, Top: chartTop, PlotH: chartPlotH,
		Zero: y(0), Currency: currency, HasTree: tree != nil}
	for t := bottom; t <= top+step/2; t += step {
		c.Ticks = append(c.Ticks, chartTick{Y: y(t), Label: compact(t)})
	}
	slot := float64(chartPlotW) / float64(len(own))
	c.SlotW = round1(slot)
	var points []string
	best := 0
	for i, m := range own {
		v := m.Revenue.Float()
		x := chartLeft + slot*float64(i)
		cm := chartMonth{Name: monthName(m.Year, m.Month), X: round1(x), BarX: round1(x + slot*(1-chartBarShare)/2),
			BarW: round1(slot * chartBarShare), Negative: v < 0, Partial: i == len(own)-1,
			Own: money(m.Revenue, currency)}
		cm.BarY, cm.BarH = y(math.Max(v, 0)), round1(math.Abs(y(v)-y(0)))
		if (m.Month-1)%chartLabelEvery == 0 {
			cm.Label = time.Month(m.Month).String()[:3]
			if m.Month == 1 {
				cm.Label += " " + strconv.Itoa(m.Year)
			}
		}
		cm.Title = cm.Name + ": " + cm.Own
		if cm.Partial {
			cm.Title = cm.Name + " to date: " + cm.Own
		}
		if tree != nil {
			t := treeOf[[2]int{m.Year, m.Month}]
			cm.Tree = money(t, currency)
			points = append(points, fmt.Sprintf("%g,%g", round1(x+slot/2), y(t.Float())))
			cm.Title += "; hierarchy " + cm.Tree
		}
		if v > own[best].Revenue.Float() {
			best = i
		}
		c.Months = append(c.Months, cm)
	}
	c.Line = strings.Join(points, " ")
	c.Summary = fmt.Sprintf("Net revenue by month from %s to %s (to date); highest %s in %s.",
		c.Months[0].Name, c.Months[len(c.Months)-1].Name, c.Months[best].Own, c.Months[best].Name)
	if tree != nil {
		c.Summary += " The line is the whole hierarchy's."
	}
	return c
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*pow {
			return m * pow
		}
	}
	return 10 * pow
}

// compact writes an axis figure short: 0, 950, 12k, 2.5k, 1.2M.
func compact(v float64) string {
	abs, sign := math.Abs(v), ""
	if v < 0 {
		sign = "−"
	}
	trim := func(f float64, unit string) string {
		return sign + strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0") + unit
	}
	switch {
	case abs >= 1e6:
		return trim(abs/1e6, "M")
	case abs >= 1e3:
		return trim(abs/1e3, "k")
	}
	return sign + strconv.FormatFloat(abs, 'f', 0, 64)
}

// monthName is "Mar 2026".
func monthName(year, month int) string {
	return time.Month(month).String()[:3] + " " + strconv.Itoa(year)
}

// round1 rounds a coordinate to a tenth, to keep the markup short.
func round1(x float64) float64 { return math.Round(x*10) / 10 }
