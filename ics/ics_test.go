package ics

import (
	"bufio"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCalendar(t *testing.T) {
	stamp := time.Date(2026, 5, 4, 7, 30, 0, 0, time.UTC)
	cet := time.FixedZone("CET", 3600)
	c := &Calendar{
		ProdID:  "-//kam//kam//EN",
		Name:    "kam, Alex",
		Refresh: time.Hour,
		Events: []Event{
			{UID: "task-1@kam", Stamp: stamp, Start: time.Date(2026, 5, 6, 0, 0, 0, 0, time.UTC), AllDay: true,
				Summary: "Call back; quote", Description: "Account: A\nValue: 1,000 EUR", URL: "https://kam.example/accounts/7",
				Categories: []string{"Task", "a,b"}},
			{UID: "visit-2@kam", Stamp: stamp, Start: time.Date(2026, 5, 7, 14, 0, 0, 0, cet), Duration: 90 * time.Minute,
				Summary: "Visit"},
			{UID: "x@kam", Stamp: stamp, Start: time.Date(2026, 5, 8, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 5, 8, 10, 0, 0, 0, time.UTC)},
			{UID: "y@kam", Stamp: stamp, Start: time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC), AllDay: true,
				End: time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)},
		},
	}
	var b strings.Builder
	n, err := c.WriteTo(&b)
	if err != nil || n != int64(b.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, b.Len())
	}
	want := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//kam//kam//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		`X-WR-CALNAME:kam\, Alex`,
		`NAME:kam\, Alex`,
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H",
		"X-PUBLISHED-TTL:PT1H",
		"BEGIN:VEVENT",
		"UID:task-1@kam",
		"DTSTAMP:20260504T073000Z",
		"DTSTART;VALUE=DATE:20260506",
		"DTEND;VALUE=DATE:20260507",
		`SUMMARY:Call back\; quote`,
		`DESCRIPTION:Account: A\nValue: 1\,000 EUR`,
		"URL:https://kam.example/accounts/7",
		`CATEGORIES:Task,a\,b`,
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:visit-2@kam",
		"DTSTAMP:20260504T073000Z",
		"DTSTART:20260507T130000Z",
		"DURATION:PT1H30M",
		"SUMMARY:Visit",
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:x@kam",
		"DTSTAMP:20260504T073000Z",
		"DTSTART:20260508T090000Z",
		"DTEND:20260508T100000Z",
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:y@kam",
		"DTSTAMP:20260504T073000Z",
		"DTSTART;VALUE=DATE:20260530",
		"DTEND;VALUE=DATE:20260602",
		"END:VEVENT",
		"END:VCALENDAR",
		"",
	}, "\r\n")
	if got := b.String(); got != want {
		t.Errorf("calendar:\n%s\nwant:\n%s", got, want)
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                     "plain",
		`a\b`:                       `a\\b`,
		"a;b,c":                     `a\;b\,c`,
		"one\ntwo\r\nthree\rfour":   `one\ntwo\nthree\nfour`,
		"tab\there\x00\x07\x1b\x7f": "tab\there",
		`\n`:                        `\\n`,
		"Île, Åbo; Straße":          `Île\, Åbo\; Straße`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                          "PT0S",
		time.Hour:                  "PT1H",
		90 * time.Minute:           "PT1H30M",
		24 * time.Hour:             "P1D",
		26*time.Hour + time.Second: "P1DT2H1S",
		-15 * time.Minute:          "-PT15M",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

// fold returns what writeFolded writes for s.
func fold(s string) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	writeFolded(w, s)
	w.Flush()
	return b.String()
}

func TestFolding(t *testing.T) {
	// ASCII: 75 octets on the first line, 74 plus the leading space after.
	long := "SUMMARY:" + strings.Repeat("abcdefghij", 15)
	want := long[:75] + "\r\n " + long[75:149] + "\r\n " + long[149:] + "\r\n"
	if got := fold(long); got != want {
		t.Errorf("ASCII fold:\n%q\nwant\n%q", got, want)
	}
	// A line of exactly 75 octets is not folded.
	exact := "DESCRIPTION:" + strings.Repeat("x", 63)
	if got := fold(exact); got != exact+"\r\n" {
		t.Errorf("75-octet line folded: %q", got)
	}
	// Two-octet characters: "SUMMARY:" is 8 octets, so after 33 "é" (66
	// octets, 74 in all) the 34th would end at octet 76, and moves on.
	accents := "SUMMARY:" + strings.Repeat("é", 40)
	want = "SUMMARY:" + strings.Repeat("é", 33) + "\r\n " + strings.Repeat("é", 7) + "\r\n"
	if got := fold(accents); got != want {
		t.Errorf("two-octet fold:\n%q\nwant\n%q", got, want)
	}
	// Three- and four-octet characters: "日" is 3 octets, "😀" 4. With 8
	// octets of name, 22 "日" take 74 octets and the 23rd moves on; each
	// continuation (a space and 74 octets) holds 24 of them (73 octets),
	// as the 25th would end at octet 76.
	cjk := "SUMMARY:" + strings.Repeat("日", 60)
	want = "SUMMARY:" + strings.Repeat("日", 22) + "\r\n " + strings.Repeat("日", 24) + "\r\n " + strings.Repeat("日", 14) + "\r\n"
	if got := fold(cjk); got != want {
		t.Errorf("three-octet fold:\n%q\nwant\n%q", got, want)
	}
	emoji := "X:" + strings.Repeat("😀", 30)
	want = "X:" + strings.Repeat("😀", 18) + "\r\n " + strings.Repeat("😀", 12) + "\r\n"
	if got := fold(emoji); got != want {
		t.Errorf("four-octet fold:\n%q\nwant\n%q", got, want)
	}
	// Whatever the text, every line is at most 75 octets, valid UTF-8,
	// and unfolding gives the text back.
	for _, s := range []string{long, accents, cjk, emoji, "A:" + strings.Repeat("aé日😀", 50)} {
		out := fold(s)
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) || (i > 0 && l[0] != ' ') {
				t.Errorf("line %d of %q: %d octets, %q", i, s[:10], len(l), l)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != s {
			t.Errorf("unfolded %q, want %q", got, s)
		}
	}
}
