package insight

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

// retailSales reads the Online Retail file as each customer's sales: one
// per invoice, net of its lines.
func retailSales(t testing.TB) map[string][]Sale {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "online-retail", "online_retail.csv.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Skip("real data set not available: online-retail")
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(gz)
	r.Read()
	type key struct{ customer, invoice string }
	byInvoice := map[key]*Sale{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		customer := strings.TrimSuffix(rec[6], ".0")
		if customer == "" {
			continue
		}
		k := key{customer, rec[0]}
		s := byInvoice[k]
		if s == nil {
			when, _ := time.Parse(time.DateTime, rec[4])
			s = &Sale{Date: kam.DateOf(when)}
			byInvoice[k] = s
		}
		price, _ := kam.ParseMoney(rec[5])
		var qty int64
		fmt.Sscan(rec[3], &qty)
		s.Amount += price.Times(qty)
	}
	out := map[string][]Sale{}
	for k, s := range byInvoice {
		out[k.customer] = append(out[k.customer], *s)
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

// BenchmarkFlagAccuracy injects known changes into the real series of
// every Online Retail customer with a year of buying above the volume floor
// — stopped buying, halved, doubled, from the start of the window the flag
// looks at — beside the untouched series as controls, and measures precision
// and recall of each flag kind as of the file's last day, reported as
// metrics (and in docs/BENCHMARKS.md). The target is both at least 0.9.
//
//	go test ./insight -run '^$' -bench FlagAccuracy -benchtime 1x
//
// KAM_FLAG_DROP, KAM_FLAG_SPIKE, KAM_FLAG_STRICT and KAM_FLAG_MARKET try
// other settings.
func BenchmarkFlagAccuracy(b *testing.B) {
	customers := retailSales(b)
	for b.Loop() {
		measureFlags(b, customers)
	}
}

func measureFlags(t *testing.B, customers map[string][]Sale) {
	asOf := kam.NewDate(2011, 12, 9)
	var all [][]Sale
	for _, sales := range customers {
		all = append(all, sales)
	}
	opt := FlagOptions{Currency: "GBP", MinVolume: 500 * kam.MoneyScale}.withDefaults()
	if os.Getenv("KAM_FLAG_MARKET") != "" {
		opt.Market = NewMarket(all...)
	}
	if v := os.Getenv("KAM_FLAG_DROP"); v != "" {
		fmt.Sscan(v, &opt.DropRatio)
	}
	if v := os.Getenv("KAM_FLAG_SPIKE"); v != "" {
		fmt.Sscan(v, &opt.SpikeRatio)
	}
	opt.Strict = os.Getenv("KAM_FLAG_STRICT") != ""
	if v := os.Getenv("KAM_FLAG_MIN_ORDERS"); v != "" {
		fmt.Sscan(v, &opt.MinOrders)
	}
	variants := []struct {
		name   string
		factor float64
		truth  map[FlagKind]bool
	}{
		{"control", 1, map[FlagKind]bool{}},
		{"stopped", 0, map[FlagKind]bool{VolumeDrop: true, OrderOverdue: true}},
		{"halved", 0.5, map[FlagKind]bool{VolumeDrop: true}},
		{"doubled", 2, map[FlagKind]bool{VolumeSpike: true}},
	}
	scores := map[FlagKind]*score{VolumeDrop: {}, VolumeSpike: {}, OrderOverdue: {}}
	found := map[string]int{} // per variant, how often its true flag was raised
	eligible := 0
	ids := make([]string, 0, len(customers))
	for id := range customers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sales := customers[id]
		w, ok := volumeWindow(sales, asOf, opt)
		if !ok {
			continue
		}
		eligible++
		for _, v := range variants {
			series := scaled(sales, w.start, v.factor)
			raised := map[FlagKind]bool{}
			if f := Volume(series, asOf, opt); f != nil {
				raised[f.Kind] = true
			}
			if f := Overdue(series, asOf); f != nil {
				raised[f.Kind] = true
			}
			for kind := range v.truth {
				if raised[kind] && kind != OrderOverdue {
					found[v.name]++
				}
			}
			for kind, s := range scores {
				switch {
				case raised[kind] && v.truth[kind]:
					s.tp++
				case raised[kind]:
					s.fp++
				case v.truth[kind]:
					s.fn++
				}
			}
		}
	}
	if eligible < 500 {
		t.Fatalf("only %d customers with a year of buying above the floor", eligible)
	}
	for _, kind := range []FlagKind{VolumeDrop, VolumeSpike, OrderOverdue} {
		s := scores[kind]
		t.ReportMetric(s.precision(), string(kind)+"-precision")
		t.ReportMetric(s.recall(), string(kind)+"-recall")
	}
	for _, v := range variants[1:] {
		t.ReportMetric(ratio(found[v.name], eligible), v.name+"-found")
	}
	t.ReportMetric(float64(eligible), "customers")
}
