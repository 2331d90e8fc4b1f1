package web

import (
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// months returns n months of revenue ending with July 2026, with amounts
// from revenue in turn.
func months(n int, revenue ...string) []insight.MonthRevenue {
	out := make([]insight.MonthRevenue, n)
	y, m := 2026, 7
	for i := n - 1; i >= 0; i-- {
		out[i] = insight.MonthRevenue{Year: y, Month: m, Revenue: kam.MustMoney(revenue[i%len(revenue)])}
		if m--; m == 0 {
			y, m = y-1, 12
		}
	}
	return out
}

func TestChart(t *testing.T) {
	if c := newChart(months(24, "0"), nil, "EUR"); c != nil {
		t.Errorf("a chart of nothing: %+v", c)
	}
	if c := newChart(nil, nil, "EUR"); c != nil {
		t.Errorf("a chart without months: %+v", c)
	}
	c := newChart(months(24, "1000", "0", "2500", "-400"), nil, "EUR")
	if c == nil || len(c.Months) != 24 || c.HasTree || c.Line != "" {
		t.Fatalf("chart: %+v", c)
	}
	first, last := c.Months[0], c.Months[23]
	if first.Name != "Aug 2024" || last.Name != "Jul 2026" || !last.Partial || first.Partial {
		t.Errorf("months %q to %q, partial %v", first.Name, last.Name, last.Partial)
	}
	if last.Title != "Jul 2026 to date: -400 EUR" || !last.Negative || last.BarY != c.Zero || last.BarH <= 0 {
		t.Errorf("the negative month: %+v, zero at %g", last, c.Zero)
	}
	if m := c.Months[1]; m.BarH != 0 || m.Title != "Sep 2024: 0 EUR" {
		t.Errorf("an empty month: %+v", m)
	}
	if m := c.Months[2]; m.BarY+m.BarH != c.Zero || m.BarY < c.Top || m.BarX < c.Left || m.BarX+m.BarW > c.Right {
		t.Errorf("a bar outside the plot: %+v in %+v", m, c)
	}
	var labels []string
	for _, m := range c.Months {
		if m.Label != "" {
			labels = append(labels, m.Label)
		}
	}
	if strings.Join(labels, ",") != "Oct,Jan 2025,Apr,Jul,Oct,Jan 2026,Apr,Jul" {
		t.Errorf("x labels: %v", labels)
	}
	var ticks []string
	for _, tk := range c.Ticks {
		ticks = append(ticks, tk.Label)
	}
	if strings.Join(ticks, ",") != "−1k,0,1k,2k,3k" {
		t.Errorf("ticks: %v", ticks)
	}
	if !strings.Contains(c.Summary, "highest 2,500 EUR in Oct 2024") {
		t.Errorf("summary: %s", c.Summary)
	}

	tree := &insight.Figures{Rollup: insight.Rollup{Monthly: months(24, "5000")}, Accounts: 3}
	c = newChart(months(24, "1000"), tree, "EUR")
	if !c.HasTree || strings.Count(c.Line, ",") != 24 || !strings.HasSuffix(c.Months[5].Title, "; hierarchy 5,000 EUR") {
		t.Errorf("with the hierarchy: %q, %q", c.Line, c.Months[5].Title)
	}
}

func TestChartScale(t *testing.T) {
	for raw, want := range map[float64]float64{0: 1, 0.3: 0.5, 1: 1, 1.5: 2, 3: 5, 7: 10, 12000: 20000, 250: 500} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%g) = %g, want %g", raw, got, want)
		}
	}
	for v, want := range map[float64]string{0: "0", 950: "950", 2500: "2.5k", 12000: "12k", 1200000: "1.2M", -3000: "−3k"} {
		if got := compact(v); got != want {
			t.Errorf("compact(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{"": "", "contract ends": "Contract ends", "état": "État", "1 day": "1 day", "\xff": "\xff"} {
		if got := capitalise(in); got != want {
			t.Errorf("capitalise(%q) = %q, want %q", in, got, want)
		}
	}
	if flagKind("volume_drop") != "Volume drop" || flagKind("new_kind") != "New kind" {
		t.Errorf("flag kinds: %q, %q", flagKind("volume_drop"), flagKind("new_kind"))
	}
	if figure(70.66) != "70.7" || figure(50) != "50" {
		t.Errorf("figure: %q, %q", figure(70.66), figure(50))
	}
}
