package insight

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/kamhq/kam"
)

// statistic scores one series as of a day: low for a drop, high for a
// spike. w is the series' own window, market the market factor.
type statistic struct {
	name string
	of   func(x *salesIndex, w window, market float64) float64
}

// statistics are the ways of telling a change from an account's own swings
// that the frontier compares.
var statistics = []statistic{
	// The ratio Volume uses: the window against the base year's rate.
	{"ratio", func(_ *salesIndex, w window, m float64) float64 {
		return float64(w.actual) / (float64(w.base) * m)
	}},
	// A robust z against the account's own past windows as long, on a log
	// scale: median and median absolute deviation, an offset of a tenth of
	// the expectation so that empty windows count.
	{"own-z", func(_ *salesIndex, w window, m float64) float64 {
		c := 0.1 * float64(w.base)
		logs := make([]float64, len(w.past))
		for i, p := range w.past {
			logs[i] = math.Log(max(0, float64(p)) + c)
		}
		mid := Median(slices.Clone(logs))
		for i := range logs {
			logs[i] = math.Abs(logs[i] - mid)
		}
		spread := max(0.1, 1.4826*Median(logs))
		return (math.Log(max(0, float64(w.actual))/m+c) - mid) / spread
	}},
	// Persistence: the weaker of the window's two halves, each against
	// half the expectation (the lower half for a spike, the higher for a
	// drop, so that one lump in one half does not decide).
	{"halves", func(x *salesIndex, w window, m float64) float64 {
		mid := w.from + w.days/2
		half := float64(w.base) * m / 2
		a := float64(x.revenue(w.from, mid)) / half
		b := float64(x.revenue(mid, w.from+w.days)) / half
		if a+b < 2 {
			return max(a, b)
		}
		return min(a, b)
	}},
}

// observation is one series' statistic and its truth.
type observation struct {
	stat  float64
	truth bool
}

// bestBalance sweeps every threshold over observations flagged when their
// statistic is below it (or above it, for high) and returns the best of
// min(precision, recall): how well any threshold of the statistic can do.
func bestBalance(obs []observation, high bool) (best, at float64) {
	slices.SortFunc(obs, func(a, b observation) int {
		if high {
			return cmp.Compare(b.stat, a.stat)
		}
		return cmp.Compare(a.stat, b.stat)
	})
	positives := 0
	for _, o := range obs {
		if o.truth {
			positives++
		}
	}
	tp := 0
	for i, o := range obs {
		if o.truth {
			tp++
		}
		if i+1 < len(obs) && obs[i+1].stat == o.stat {
			continue
		}
		if b := min(ratio(tp, i+1), ratio(tp, positives)); b > best {
			best, at = b, o.stat
		}
	}
	return best, at
}

// BenchmarkFlagFrontier reports, per day judged and with the market, the
// best balance of precision and recall that any threshold of each statistic
// reaches on the target variants injected at the window's start (the
// threshold found is reported too): whether another statistic would tell
// injected changes from the accounts' own swings better than the ratio.
//
//	go test ./insight -run '^$' -bench FlagFrontier -benchtime 1x
func BenchmarkFlagFrontier(b *testing.B) {
	accounts := retailAccounts(b)
	opt := accuracyOptions()
	for _, day := range accuracyDays {
		b.Run("asof="+day.String(), func(b *testing.B) {
			for b.Loop() {
				frontier(b, accounts, day, opt)
			}
		})
	}
}

func frontier(b *testing.B, accounts [][]Sale, asOf kam.Date, opt FlagOptions) {
	market := NewMarket(asOf, accounts...).on(asOf)
	drops := make([][]observation, len(statistics))
	spikes := make([][]observation, len(statistics))
	var overdue []observation
	var controls []float64 // the untouched accounts' ratios
	today := dayNumber(asOf)
	for _, sales := range accounts {
		w, ok := volumeWindow(sales, asOf, opt)
		if !ok {
			continue
		}
		for _, v := range variants[:4] {
			series := scaled(sales, w.start, v.factor)
			x := indexSales(series, asOf)
			vw, ok := measureWindow(x, today, opt)
			for i, s := range statistics {
				stat := 1.0 // a series that lost its window raises nothing
				if ok {
					stat = s.of(x, vw, market)
				}
				if i == 0 && v.name == "control" {
					controls = append(controls, stat)
				}
				drops[i] = append(drops[i], observation{stat, slices.Contains(v.truth, VolumeDrop)})
				spikes[i] = append(spikes[i], observation{stat, slices.Contains(v.truth, VolumeSpike)})
			}
			stat := 0.0
			if interval, spread, ok := gapStats(x.order); ok {
				since := float64(today - x.order[len(x.order)-1])
				stat = since / math.Max(30, math.Max(2*interval, interval+4*spread))
			}
			overdue = append(overdue, observation{stat, slices.Contains(v.truth, OrderOverdue)})
		}
	}
	for i, s := range statistics {
		best, at := bestBalance(drops[i], false)
		b.ReportMetric(best, s.name+"-drop-best")
		b.ReportMetric(at, s.name+"-drop-at")
		best, at = bestBalance(spikes[i], true)
		b.ReportMetric(best, s.name+"-spike-best")
		b.ReportMetric(at, s.name+"-spike-at")
	}
	best, at := bestBalance(overdue, true)
	b.ReportMetric(best, "overdue-best")
	b.ReportMetric(at, "overdue-at")
	// How far the untouched accounts swing by themselves: percentiles of
	// their ratio, and the share outside the default ratios.
	slices.Sort(controls)
	for _, p := range []int{10, 25, 50, 75, 90} {
		b.ReportMetric(controls[p*(len(controls)-1)/100], fmt.Sprintf("control-ratio-p%d", p))
	}
	outside := 0
	for _, r := range controls {
		if r < opt.DropRatio || r > opt.SpikeRatio {
			outside++
		}
	}
	b.ReportMetric(ratio(outside, len(controls)), "control-outside-ratios")
}
