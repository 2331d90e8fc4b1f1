package insight

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/internal/retaildata"
)

// retailAccounts reads the Online Retail file as each customer's sales, one
// per invoice, net of its lines, oldest first as the store gives them, in
// customer order.
func retailAccounts(tb testing.TB) [][]Sale {
	tb.Helper()
	type key struct{ customer, invoice string }
	byInvoice := map[key]*Sale{}
	var keys []key
	for _, l := range retaildata.Lines(tb) {
		k := key{l.Customer, l.Invoice}
		s := byInvoice[k]
		if s == nil {
			s = &Sale{Date: l.Date}
			byInvoice[k] = s
			keys = append(keys, k)
		}
		s.Amount += l.Amount()
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].customer < keys[j].customer })
	var out [][]Sale
	for i, k := range keys {
		if i == 0 || keys[i-1].customer != k.customer {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], *byInvoice[k])
	}
	for _, sales := range out {
		slices.SortStableFunc(sales, func(a, b Sale) int { return a.Date.Time().Compare(b.Date.Time()) })
	}
	return out
}

// scaled returns sales with amounts after from multiplied by factor (0 drops them).
func scaled(sales []Sale, from kam.Date, factor float64) []Sale {
	var out []Sale
	for _, s := range sales {
		if from.Before(s.Date) {
			if factor == 0 {
				continue
			}
			s.Amount = kam.Money(float64(s.Amount) * factor)
		}
		out = append(out, s)
	}
	return out
}

// score counts a flag kind's hits against the truth.
type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// variant is a known change injected into every eligible account. Only the
// target ones count in precision and recall; the others say how a smaller
// or larger change fares.
type variant struct {
	name   string
	factor float64
	truth  []FlagKind
	target bool
}

var variants = []variant{
	{"control", 1, nil, true},
	{"stopped", 0, []FlagKind{VolumeDrop, OrderOverdue}, true},
	{"halved", 0.5, []FlagKind{VolumeDrop}, true},
	{"doubled", 2, []FlagKind{VolumeSpike}, true},
	{"quartered", 0.25, []FlagKind{VolumeDrop}, false},
	{"minus30", 0.7, []FlagKind{VolumeDrop}, false},
}

var flagKinds = []FlagKind{VolumeDrop, VolumeSpike, OrderOverdue}

// setting is one way of measuring: the day judged, whether expectations
// move with the market, and where the change starts: at the start of the
// window the flag reads, half way into it, or 30 days before it.
type setting struct {
	asOf   kam.Date
	market bool
	inject string
}

// accuracy is what one setting measured.
type accuracy struct {
	portfolio, eligible int
	// empty counts eligible accounts that in fact bought nothing in the
	// window: their stopped variant is their control.
	empty          int
	scores         map[FlagKind]*score
	found          map[string]int   // per variant, its volume flag raised
	controlFlagged map[FlagKind]int // flags raised on the controls
	market         float64
	marketAccounts int
}

// measureAccuracy decides which accounts are eligible from their untouched
// history before the window (a window's worth of history, four order days
// in the base year, the floor), the same set for every variant, then
// injects each variant from the chosen day and flags it as Flags would.
// A flag on a control, or of a kind the variant does not have, is a false
// positive.
func measureAccuracy(accounts [][]Sale, s setting, opt FlagOptions) accuracy {
	a := accuracy{scores: map[FlagKind]*score{}, found: map[string]int{}, controlFlagged: map[FlagKind]int{}}
	for _, k := range flagKinds {
		a.scores[k] = &score{}
	}
	if s.market {
		opt.Market = NewMarket(s.asOf, accounts...)
	}
	a.market, a.marketAccounts = opt.Market.Factor()
	for _, sales := range accounts {
		if len(sales) == 0 || s.asOf.Before(sales[0].Date) {
			continue
		}
		a.portfolio++
		w, ok := volumeWindow(sales, s.asOf, opt)
		if !ok {
			continue
		}
		a.eligible++
		if x := indexSales(sales, s.asOf); len(x.order) == len(x.ordersTo(w.from)) {
			a.empty++
		}
		from := w.start
		switch s.inject {
		case "inside":
			from = w.start.AddDays(w.days / 2)
		case "before":
			from = w.start.AddDays(-30)
		}
		for _, v := range variants {
			raised := map[FlagKind]bool{}
			for _, f := range Flags(scaled(sales, from, v.factor), s.asOf, opt) {
				raised[f.Kind] = true
			}
			if v.name == "control" {
				for k := range raised {
					a.controlFlagged[k]++
				}
			}
			for _, k := range v.truth {
				if raised[k] && k != OrderOverdue {
					a.found[v.name]++
				}
			}
			if !v.target {
				continue
			}
			for _, k := range flagKinds {
				truth := slices.Contains(v.truth, k)
				switch sc := a.scores[k]; {
				case raised[k] && truth:
					sc.tp++
				case raised[k]:
					sc.fp++
				case truth:
					sc.fn++
				}
			}
		}
	}
	return a
}

// accuracyOptions are the options measured: the defaults with a floor of
// GBP 500 (the file's customers are small wholesalers), and the knobs
// KAM_FLAG_DROP, KAM_FLAG_SPIKE, KAM_FLAG_STRICT, KAM_FLAG_MIN_ORDERS and
// KAM_FLAG_FLOOR to try others.
func accuracyOptions() FlagOptions {
	opt := FlagOptions{Currency: "GBP", MinVolume: 500 * kam.MoneyScale}
	if v := os.Getenv("KAM_FLAG_DROP"); v != "" {
		fmt.Sscan(v, &opt.DropRatio)
	}
	if v := os.Getenv("KAM_FLAG_SPIKE"); v != "" {
		fmt.Sscan(v, &opt.SpikeRatio)
	}
	if v := os.Getenv("KAM_FLAG_MIN_ORDERS"); v != "" {
		fmt.Sscan(v, &opt.MinOrders)
	}
	if v := os.Getenv("KAM_FLAG_FLOOR"); v != "" {
		var units int64
		fmt.Sscan(v, &units)
		opt.MinVolume = kam.Money(units * kam.MoneyScale)
	}
	opt.Strict = os.Getenv("KAM_FLAG_STRICT") != ""
	return opt.withDefaults()
}

// accuracyDays are the days judged: the file's last day, in its Christmas
// peak, and the end of September, after its summer, so that the method is
// not tuned to one day.
var accuracyDays = []kam.Date{kam.NewDate(2011, 12, 9), kam.NewDate(2011, 9, 30)}

// BenchmarkFlagAccuracy injects known changes — stopped buying, halved,
// doubled, and as information quartered and -30% — into the real series of
// every eligible Online Retail customer beside the untouched series as
// controls, and reports precision and recall of each flag kind as metrics
// (and in docs/BENCHMARKS.md), per day judged, without and with the market,
// and with the change starting at the window's start, half way into it
// and 30 days before it. The target is both at least 0.9.
//
//	go test ./insight -run '^$' -bench FlagAccuracy -benchtime 1x
func BenchmarkFlagAccuracy(b *testing.B) {
	accounts := retailAccounts(b)
	opt := accuracyOptions()
	for _, day := range accuracyDays {
		for _, market := range []bool{false, true} {
			for _, inject := range []string{"start", "inside", "before"} {
				s := setting{day, market, inject}
				name := fmt.Sprintf("asof=%s/market=%v/inject=%s", day, market, inject)
				b.Run(name, func(b *testing.B) {
					var a accuracy
					for b.Loop() {
						a = measureAccuracy(accounts, s, opt)
					}
					if a.eligible < 300 {
						b.Fatalf("only %d customers eligible", a.eligible)
					}
					a.report(b)
				})
			}
		}
	}
}

func (a accuracy) report(b *testing.B) {
	for _, k := range flagKinds {
		b.ReportMetric(a.scores[k].precision(), string(k)+"-P")
		b.ReportMetric(a.scores[k].recall(), string(k)+"-R")
	}
	for _, v := range variants[1:] {
		b.ReportMetric(ratio(a.found[v.name], a.eligible), v.name+"-found")
	}
	b.ReportMetric(ratio(a.controlFlagged[VolumeDrop]+a.controlFlagged[VolumeSpike], a.eligible), "control-volume-flagged")
	b.ReportMetric(ratio(a.controlFlagged[OrderOverdue], a.eligible), "control-overdue-flagged")
	b.ReportMetric(ratio(a.empty, a.eligible), "empty-windows")
	b.ReportMetric(float64(a.eligible), "customers")
	b.ReportMetric(ratio(a.eligible, a.portfolio), "portfolio-share")
	b.ReportMetric(a.market, "market")
	b.ReportMetric(float64(a.marketAccounts), "market-accounts")
}

// BenchmarkFlags is the cost of Flags per account on the real series as of
// the file's last day: every customer, the 100 with the longest histories,
// and 100 made-up accounts ordering weekly for five years.
//
//	go test ./insight -run '^$' -bench 'Flags$'
func BenchmarkFlags(b *testing.B) {
	accounts := retailAccounts(b)
	asOf := accuracyDays[0]
	longest := slices.Clone(accounts)
	slices.SortFunc(longest, func(x, y []Sale) int { return len(y) - len(x) })
	longest = longest[:100]
	// A longer B2B history than the file holds: an order every week for
	// five years, with a credit note every tenth week.
	weekly := make([][]Sale, 100)
	for i := range weekly {
		for k := range 260 {
			d := asOf.AddDays(-7*k - i%7)
			weekly[i] = append(weekly[i], Sale{Date: d, Amount: kam.Money((1000 + 37*((k*i)%50)) * kam.MoneyScale)})
			if k%10 == 0 {
				weekly[i] = append(weekly[i], Sale{Date: d.AddDays(-2), Amount: -50 * kam.MoneyScale})
			}
		}
		slices.Reverse(weekly[i])
	}
	for _, set := range []struct {
		name     string
		accounts [][]Sale
	}{{"all", accounts}, {"longest100", longest}, {"weekly5y", weekly}} {
		b.Run(set.name, func(b *testing.B) {
			sales := 0
			for _, s := range set.accounts {
				sales += len(s)
			}
			n := 0
			for b.Loop() {
				for _, s := range set.accounts {
					Flags(s, asOf, FlagOptions{Currency: "GBP"})
				}
				n += len(set.accounts)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/account")
			b.ReportMetric(float64(sales)/float64(len(set.accounts)), "sales/account")
		})
	}
}
