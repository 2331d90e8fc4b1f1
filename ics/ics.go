// Package ics writes iCalendar (RFC 5545) calendars of events, as calendar
// applications subscribe to them: one VCALENDAR of VEVENTs, with text
// escaped, CRLF line endings and long lines folded at 75 octets without
// splitting a UTF-8 character. It only writes; it parses nothing.
package ics

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a whole iCalendar object.
type Calendar struct {
	// ProdID names the product that made the calendar, as
	// "-//Company//Product//EN".
	ProdID string
	// Name is the calendar's name that applications show (X-WR-CALNAME,
	// and NAME of RFC 7986).
	Name string
	// Refresh, when positive, suggests how often subscribers fetch the
	// calendar again (REFRESH-INTERVAL of RFC 7986, and X-PUBLISHED-TTL,
	// which Outlook reads).
	Refresh time.Duration
	Events  []Event
}

// Event is one VEVENT.
type Event struct {
	// UID identifies the event across fetches; it must stay the same when
	// the event changes, and be unique in the world ("task-12@example.com").
	UID string
	// Stamp is when the event's information was written (DTSTAMP).
	Stamp time.Time
	// Start is when the event begins. For an all-day event only its year,
	// month and day count, in Start's own location.
	Start time.Time
	// AllDay makes the event take whole days: from Start's day to End's
	// day (exclusive), or the one day of Start when End is zero.
	AllDay bool
	// End is when the event ends (DTEND). For an event at a time with a
	// zero End, Duration says how long it lasts.
	End      time.Time
	Duration time.Duration
	Summary  string
	// Description is the event's longer text; it may hold newlines.
	Description string
	// URL links to more about the event; it is written as given.
	URL string
	// Categories are the event's categories, written as one list.
	Categories []string
}

// WriteTo writes the calendar to w and returns the number of bytes written.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	b := bufio.NewWriter(cw)
	line := func(name, value string) { writeFolded(b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", Text(c.ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", Text(c.Name))
		line("NAME", Text(c.Name))
	}
	if c.Refresh > 0 {
		line("REFRESH-INTERVAL;VALUE=DURATION", Duration(c.Refresh))
		line("X-PUBLISHED-TTL", Duration(c.Refresh))
	}
	for i := range c.Events {
		c.Events[i].write(line)
	}
	line("END", "VCALENDAR")
	err := b.Flush()
	return cw.n, err
}

// write writes one VEVENT through line.
func (e *Event) write(line func(name, value string)) {
	line("BEGIN", "VEVENT")
	line("UID", Text(e.UID))
	line("DTSTAMP", dateTime(e.Stamp))
	if e.AllDay {
		end := e.End
		if end.IsZero() || !dayOf(end).After(dayOf(e.Start)) {
			end = dayOf(e.Start).AddDate(0, 0, 1)
		}
		line("DTSTART;VALUE=DATE", date(e.Start))
		line("DTEND;VALUE=DATE", date(end))
	} else {
		line("DTSTART", dateTime(e.Start))
		if !e.End.IsZero() {
			line("DTEND", dateTime(e.End))
		} else if e.Duration > 0 {
			line("DURATION", Duration(e.Duration))
		}
	}
	if e.Summary != "" {
		line("SUMMARY", Text(e.Summary))
	}
	if e.Description != "" {
		line("DESCRIPTION", Text(e.Description))
	}
	if e.URL != "" {
		line("URL", e.URL)
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = Text(c)
		}
		line("CATEGORIES", strings.Join(cats, ","))
	}
	line("END", "VEVENT")
}

// dayOf is t's day at midnight UTC, in t's own calendar.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// date writes a DATE value: 20260504.
func date(t time.Time) string { return t.Format("20060102") }

// dateTime writes a DATE-TIME value in UTC: 20260504T093000Z.
func dateTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Duration writes a DURATION value in whole seconds: PT1H30M, P1D, PT0S.
func Duration(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	secs := int64(d / time.Second)
	days, h, m, s := secs/86400, secs%86400/3600, secs%3600/60, secs%60
	b.WriteByte('P')
	if days > 0 {
		fmt.Fprintf(&b, "%dD", days)
	}
	if h > 0 || m > 0 || s > 0 || days == 0 {
		b.WriteByte('T')
		if h > 0 {
			fmt.Fprintf(&b, "%dH", h)
		}
		if m > 0 {
			fmt.Fprintf(&b, "%dM", m)
		}
		if s > 0 || (h == 0 && m == 0) {
			fmt.Fprintf(&b, "%dS", s)
		}
	}
	return b.String()
}

// Text escapes a TEXT value: backslash, semicolon and comma are escaped
// with a backslash, each line break (CRLF, CR or LF) becomes \n, and the
// other control characters, which TEXT may not hold, are dropped.
func Text(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maxLine is the longest line in octets, without its CRLF (RFC 5545, 3.1).
const maxLine = 75

// writeFolded writes a content line ended by CRLF, folded into lines of at
// most 75 octets: each continuation starts with a space, which counts. A
// line is never cut inside a UTF-8 sequence.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
