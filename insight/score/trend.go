package score

import (
	"fmt"
	"sort"

	"github.com/kamhq/kam"
)

// Point is a score as it stood on a day: one entry of a score's history.
type Point struct {
	Date  kam.Date `json:"date"`
	Score float64  `json:"score"`
}

// Direction is which way a score is moving.
type Direction string

// The directions. A change counts only when it reaches the threshold, so
// that the day-to-day noise of a score does not read as a trend.
const (
	Improving     Direction = "improving"
	Stable        Direction = "stable"
	Declining     Direction = "declining"
	NotEnoughData Direction = "not_enough_data"
)

// The defaults of Trend: the change over the last 90 days, and 5 points
// either way before it counts as a move.
const (
	TrendWindowDays = 90
	TrendThreshold  = 5.0
)

// ScoreTrend is how a score changed over a window: from which point to which,
// by how much, and what that is called.
type ScoreTrend struct {
	From Point `json:"from"`
	To   Point `json:"to"`
	// Days is the days between From and To.
	Days int `json:"days"`
	// Change is To's score minus From's.
	Change    float64   `json:"change"`
	Direction Direction `json:"direction"`
	// WindowDays and Threshold are the settings the direction was read with.
	WindowDays  int     `json:"window_days"`
	Threshold   float64 `json:"threshold"`
	Explanation string  `json:"explanation"`
}

// Trend reads the direction of a score over the last TrendWindowDays days:
// improving when it rose by TrendThreshold points or more, declining when it
// fell by as much, stable otherwise.
func Trend(history []Point) ScoreTrend {
	return TrendOver(history, TrendWindowDays, TrendThreshold)
}

// TrendOver reads the direction of a score over a window of days with a
// threshold in points. It compares the latest point with the latest one at
// least windowDays before it, or with the first point when the history is
// shorter (and says so). Points without a date or with a non-numeric score
// are ignored; of two points on one day the later in history counts. A
// window of 0 or less means TrendWindowDays; a negative or non-numeric
// threshold means TrendThreshold.
func TrendOver(history []Point, windowDays int, threshold float64) ScoreTrend {
	if windowDays <= 0 {
		windowDays = TrendWindowDays
	}
	if !finite(threshold) || threshold < 0 {
		threshold = TrendThreshold
	}
	t := ScoreTrend{Direction: NotEnoughData, WindowDays: windowDays, Threshold: threshold}
	pts := clean(history)
	if len(pts) == 0 {
		t.Explanation = "Not enough data: no score recorded yet."
		return t
	}
	t.To = pts[len(pts)-1]
	if len(pts) == 1 {
		t.From = t.To
		t.Explanation = fmt.Sprintf("Not enough data: one score so far (%s on %s).", num(t.To.Score), t.To.Date)
		return t
	}
	cutoff := t.To.Date.AddDays(-windowDays)
	t.From = pts[0]
	for _, p := range pts {
		if cutoff.Before(p.Date) {
			break
		}
		t.From = p
	}
	t.Days = t.From.Date.DaysUntil(t.To.Date)
	t.Change = round(t.To.Score-t.From.Score, 1)
	switch {
	case t.Change > 0 && t.Change >= threshold:
		t.Direction = Improving
	case t.Change < 0 && -t.Change >= threshold:
		t.Direction = Declining
	default:
		t.Direction = Stable
	}
	span := ""
	if t.Days < windowDays {
		span = fmt.Sprintf(", all the history there is (the window is %d days)", windowDays)
	}
	t.Explanation = fmt.Sprintf("From %s on %s to %s on %s: %+.1f points over %d days%s; %s (a move of %s points or more either way counts).",
		num(t.From.Score), t.From.Date, num(t.To.Score), t.To.Date, t.Change, t.Days, span, t.Direction, num(threshold))
	return t
}

// clean returns the usable points in date order, one per day.
func clean(history []Point) []Point {
	var pts []Point
	for _, p := range history {
		if !p.Date.IsZero() && finite(p.Score) {
			pts = append(pts, p)
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Date.Before(pts[j].Date) })
	out := pts[:0]
	for _, p := range pts {
		if n := len(out); n > 0 && !out[n-1].Date.Before(p.Date) {
			out[n-1] = p
			continue
		}
		out = append(out, p)
	}
	return out
}
