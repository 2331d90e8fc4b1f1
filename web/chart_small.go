package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/store"
)

// The small charts of the portfolio: a sparkline of each account's revenue
// by month, and the key-account selection matrix with the accounts plotted.
// Both are drawn by the server as SVG; their values read in a title on
// hover and, for the matrix, in links that keyboard users reach.

// Sparkline geometry, in SVG units.
const (
	sparkW, sparkH, sparkPad = 84.0, 22.0, 2.0
	sparkMonths              = 12
)

// sparkline is the data of a row's revenue sparkline.
type sparkline struct {
	W, H   float64
	Points string // the polyline's points
	// EndX and EndY place the dot on the last month.
	EndX, EndY float64
	// Title lists every month's revenue, for hover and screen readers.
	Title string
	// Trend is "up", "down" or "flat": the last quarter against the first.
	Trend string
}

// newSparkline draws the last twelve months of monthly revenue; nil when
// there is none to draw.
func newSparkline(monthly []insight.MonthRevenue, currency string) *sparkline {
	if len(monthly) > sparkMonths {
		monthly = monthly[len(monthly)-sparkMonths:]
	}
	if len(monthly) < 2 {
		return nil
	}
	hi, lo := math.Inf(-1), math.Inf(1)
	for _, m := range monthly {
		v := m.Revenue.Float()
		hi, lo = math.Max(hi, v), math.Min(lo, v)
	}
	if hi == 0 && lo == 0 {
		return nil
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	s := &sparkline{W: sparkW, H: sparkH}
	step := (sparkW - 2*sparkPad) / float64(len(monthly)-1)
	var points, words []string
	for i, m := range monthly {
		x := round1(sparkPad + float64(i)*step)
		y := round1(sparkPad + (hi-m.Revenue.Float())/span*(sparkH-2*sparkPad))
		points = append(points, fmt.Sprintf("%g,%g", x, y))
		s.EndX, s.EndY = x, y
		words = append(words, monthName(m.Year, m.Month)+" "+compact(m.Revenue.Float()))
	}
	s.Points = strings.Join(points, " ")
	s.Title = "Revenue by month (" + currency + "): " + strings.Join(words, ", ")
	first, last := quarterSum(monthly[:3]), quarterSum(monthly[len(monthly)-3:])
	switch {
	case last > first*1.1:
		s.Trend = "up"
	case last < first*0.9:
		s.Trend = "down"
	default:
		s.Trend = "flat"
	}
	return s
}

// quarterSum adds up to three months' revenue.
func quarterSum(ms []insight.MonthRevenue) float64 {
	var sum float64
	for _, m := range ms {
		sum += m.Revenue.Float()
	}
	return sum
}

// Matrix geometry, in SVG units: a square plot inside a margin for the axes.
const (
	matrixSize, matrixPad = 260.0, 22.0
	matrixPlot            = matrixSize - 2*matrixPad
)

// matrixView is the data of the selection matrix chart.
type matrixView struct {
	Size, Pad, Plot float64
	// CutX and CutY are where the threshold splits each axis.
	CutX, CutY float64
	Cells      []matrixCell
	Dots       []matrixDot
	Total      int
	// Unclassified counts the accounts without enough data to place.
	Unclassified int
}

// matrixCell is one quadrant: its area, label, count and list link.
type matrixCell struct {
	X, Y, W, H   float64
	LabelX       float64
	LabelY       float64
	Key, Label   string
	Count        int
	Href         string
	CountY       float64
	AnchorMiddle bool
}

// matrixDot is one account placed by its scores, sized by its revenue.
type matrixDot struct {
	X, Y, R  float64
	Quadrant string
	Href     string
	Title    string
}

// newMatrix lays out the matrix of m with the quadrant labels of cfg; link
// makes a quadrant's list address.
func newMatrix(m *store.Matrix, cfg score.ClassifyConfig, link func(quadrant string) string) *matrixView {
	if m == nil || m.Total == 0 {
		return nil
	}
	at := func(v float64) float64 { return round1(matrixPad + math.Max(0, math.Min(100, v))/100*matrixPlot) }
	v := &matrixView{Size: matrixSize, Pad: matrixPad, Plot: matrixPlot, Total: m.Total,
		Unclassified: m.Counts[string(score.Unclassified)]}
	v.CutX = at(cfg.Threshold)
	v.CutY = round1(matrixSize - at(cfg.Threshold))
	right, bottom := matrixSize-matrixPad, matrixSize-matrixPad
	// Strength runs left to right, attractiveness bottom to top.
	areas := map[score.Quadrant][4]float64{
		score.InvestSelectively: {matrixPad, matrixPad, v.CutX - matrixPad, v.CutY - matrixPad},
		score.InvestForGrowth:   {v.CutX, matrixPad, right - v.CutX, v.CutY - matrixPad},
		score.ManageForCash:     {matrixPad, v.CutY, v.CutX - matrixPad, bottom - v.CutY},
		score.Maintain:          {v.CutX, v.CutY, right - v.CutX, bottom - v.CutY},
	}
	labels := quadrantLabels(cfg)
	for _, q := range score.Quadrants {
		a := areas[q]
		v.Cells = append(v.Cells, matrixCell{X: a[0], Y: a[1], W: a[2], H: a[3], Key: string(q), Label: labels[q],
			Count: m.Counts[string(q)], Href: link(string(q)), LabelX: round1(a[0] + a[2]/2), LabelY: round1(a[1] + 14),
			CountY: round1(a[1] + 28), AnchorMiddle: true})
	}
	var top float64
	for _, p := range m.Points {
		top = math.Max(top, p.Revenue12M.Float())
	}
	for _, p := range m.Points {
		if p.Quadrant == string(score.Unclassified) {
			continue
		}
		r := 2.5
		if top > 0 && p.Revenue12M > 0 {
			r = round1(2.5 + 5.5*math.Sqrt(p.Revenue12M.Float()/top))
		}
		v.Dots = append(v.Dots, matrixDot{X: at(p.Strength), Y: round1(matrixSize - at(p.Attractiveness)), R: r,
			Quadrant: p.Quadrant, Href: fmt.Sprintf("/accounts/%d", p.AccountID),
			Title: fmt.Sprintf("%s: attractiveness %.0f, strength %.0f, %s in 12 months", p.Name, p.Attractiveness, p.Strength,
				money(p.Revenue12M, p.Currency))})
	}
	return v
}
