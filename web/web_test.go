package web

import (
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"":                      "/",
		"/":                     "/",
		"/accounts/7?tab=x#top": "/accounts/7?tab=x#top",
		"//evil.example":        "/",
		"///evil.example":       "/",
		`/\evil.example`:        "/",
		"https://evil.example/": "/",
		"evil.example":          "/",
		"javascript:alert(1)":   "/",
		"/\t/evil.example":      "/", // browsers drop the tab and see //evil.example
		"/a\nb":                 "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestChange(t *testing.T) {
	m := kam.MustMoney
	for _, tc := range []struct {
		cur, prev kam.Money
		want      delta
	}{
		{m("0"), m("0"), delta{}},
		{m("100"), m("0"), delta{Text: "new", Up: true}},
		{m("112.34"), m("100"), delta{Text: "+12.0%", Up: true}},
		{m("50"), m("200"), delta{Text: "−75.0%", Down: true}},
		{m("100.04"), m("100"), delta{Text: "±0.0%"}},
		{m("1"), m("3"), delta{Text: "−66.7%", Down: true}},
		{m("2"), m("3"), delta{Text: "−33.3%", Down: true}},
		{m("0"), m("10"), delta{Text: "−100.0%", Down: true}},
	} {
		if got := change(tc.cur, tc.prev); got != tc.want {
			t.Errorf("change(%s, %s) = %+v, want %+v", tc.cur, tc.prev, got, tc.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{label(kam.StatusAtRisk), "At risk"},
		{label(kam.BuyingDecisionMaker), "Decision maker"},
		{label("key"), "Key"},
		{label(""), "—"},
		{money(kam.MustMoney("1234567.50"), "EUR"), "1,234,568 EUR"},
		{money(kam.MustMoney("-2469"), "USD"), "-2,469 USD"},
		{date(kam.Date{}), "—"},
		{date(kam.NewDate(2026, 3, 1)), "2026-03-01"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	on := 0
	for _, d := range dots(3) {
		if d {
			on++
		}
	}
	if len(dots(9)) != 5 || on != 3 || len(dots(-1)) != 5 {
		t.Errorf("dots: %v", dots(3))
	}
}

func TestEveryPageParses(t *testing.T) {
	as, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	if len(as.pages) != len(pageParts) || !strings.HasPrefix(as.cssURL, "/static/kam.css?v=") {
		t.Errorf("pages %d, stylesheet %q", len(as.pages), as.cssURL)
	}
}
