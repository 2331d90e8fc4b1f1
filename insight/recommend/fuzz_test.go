package recommend

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/kamhq/kam"
)

// fuzzLines turns bytes into accounts' lines: six bytes a line — account,
// product (of 12, or none), family (of 4, or none), day (before, on or
// after the as-of date, or undated), signed quantity, signed amount.
func fuzzLines(data []byte) map[int64][]Line {
	out := map[int64][]Line{}
	start := kam.NewDate(2024, 1, 1)
	for ; len(data) >= 6; data = data[6:] {
		l := Line{Order: fmt.Sprint(data[0] % 7), Quantity: int64(int8(data[4])), Amount: kam.Money(int8(data[5])) * kam.MoneyScale}
		if p := data[1] % 13; p > 0 {
			l.Product = fmt.Sprint("p", p)
		}
		if f := data[2] % 5; f > 0 {
			l.Family = fmt.Sprint("f", f)
		}
		if data[3] != 255 {
			l.Date = start.AddDays(int(data[3]))
		}
		if data[0]%3 == 0 {
			l.Order = ""
		}
		id := int64(data[0] % 9)
		out[id] = append(out[id], l)
	}
	return out
}

// FuzzRecommend runs every function on arbitrary histories and options:
// nothing may panic, return NaN or infinity (json.Marshal refuses them), or
// break the invariants the sentences rely on.
func FuzzRecommend(f *testing.F) {
	f.Add([]byte{}, uint8(0), uint8(0), uint8(0))
	f.Add([]byte{1, 1, 1, 1, 1, 1}, uint8(1), uint8(1), uint8(1))
	f.Add([]byte("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ!?"), uint8(2), uint8(3), uint8(5))
	f.Add([]byte{0, 1, 1, 10, 2, 10, 0, 2, 1, 20, 1, 5, 0, 1, 1, 30, 1, 5, 0, 1, 1, 40, 255, 200, 9, 1, 2, 50, 1, 1}, uint8(1), uint8(0), uint8(2))
	asOf := kam.NewDate(2024, 1, 1).AddDays(200)
	f.Fuzz(func(t *testing.T, data []byte, support, neighbours, bands uint8) {
		histories := fuzzLines(data)
		b := NewBuilder(Options{MinSupport: int(support % 5), Neighbours: int(neighbours % 4), Bands: int(bands % 4)})
		var accounts []Account
		cat := Catalog{Families: map[string]string{"p1": "f1", "p2": "f2", "p3": ""}}
		for id := range int64(9) {
			a := Summarise(id, histories[id], asOf)
			accounts = append(accounts, a)
			b.AddAccount(a)
		}
		m := b.Build()
		for _, a := range accounts {
			for _, recs := range [][]Recommendation{m.Recommend(a.Products, 5, cat), m.Popular(a.Products, 5, cat)} {
				checkRecs(t, a.Products, recs)
			}
			p := NextOrder(Orders(histories[a.ID], asOf), asOf, cat, NextOptions{})
			if p.Enough == p.Date.IsZero() || asOf.Before(p.LastOrder) {
				t.Fatalf("prediction %+v", p)
			}
			if p.Enough && (p.Date.Before(asOf.AddDays(1)) || p.Latest.Before(p.Earliest)) {
				t.Fatalf("prediction dates %+v", p)
			}
			mustJSON(t, a, p)
		}
		mx := m.Whitespace(accounts, cat, WhitespaceOptions{MinPeers: 1})
		for _, r := range mx.Rows {
			if len(r.Cells) != len(mx.Families) {
				t.Fatalf("row %+v for %v", r, mx.Families)
			}
		}
		mustJSON(t, mx)
	})
}

func checkRecs(t *testing.T, bought []string, recs []Recommendation) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range recs {
		if slices.Contains(bought, r.Product) || seen[r.Product] {
			t.Fatalf("recommended %s, bought or repeated: %+v", r.Product, recs)
		}
		seen[r.Product] = true
		if r.Also < 0 || r.Also > r.Of || r.Share < 0 || r.Share > 1 || r.Score < 0 || r.Reason == "" {
			t.Fatalf("recommendation %+v", r)
		}
	}
	mustJSON(t, recs)
}

func mustJSON(t *testing.T, vs ...any) {
	t.Helper()
	for _, v := range vs {
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("%v: %+v", err, v)
		}
	}
}
