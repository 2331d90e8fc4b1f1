package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// feedURL finds the feed's URL on the calendar page.
var feedURL = regexp.MustCompile(`value="http://example\.com(/calendar/kamcal_[A-Za-z0-9_-]{43}\.ics)"`)

// icsPython is a python that has the icalendar module (Debian's
// python3-icalendar): /usr/bin/python3 first, as python3 on the path may be
// another one. Without it the test skips, unless KAM_ICS_REQUIRED=1.
func icsPython(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(name); err == nil && exec.Command(path, "-c", "import icalendar").Run() == nil {
			return path
		}
	}
	if os.Getenv("KAM_ICS_REQUIRED") == "1" {
		t.Fatal("KAM_ICS_REQUIRED=1 but no python3 has the icalendar module (apt-get install python3-icalendar)")
	}
	t.Skip("no python3 with the icalendar module (apt-get install python3-icalendar); KAM_ICS_REQUIRED=1 makes this fail")
	return ""
}

// parseICS reads a calendar with python's icalendar and prints what the
// test asserts on as JSON.
const parseICS = `
import datetime, json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
def value(v):
    if isinstance(v, datetime.datetime):
        return {"datetime": v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if isinstance(v, datetime.date):
        return {"date": v.isoformat()}
    if isinstance(v, datetime.timedelta):
        return {"seconds": int(v.total_seconds())}
    return {"text": str(v)}
out = {"calendar": {k.lower(): str(cal.get(k)) for k in ("VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME")}, "errors": [], "events": []}
for c in cal.walk():
    out["errors"] += [str(e) for e in getattr(c, "errors", [])]
for ev in cal.walk("VEVENT"):
    e = {k.lower(): str(ev.get(k)) for k in ("UID", "SUMMARY", "DESCRIPTION", "URL") if k in ev}
    for k in ("DTSTART", "DTEND", "DTSTAMP", "DURATION"):
        if k in ev:
            e[k.lower()] = value(ev.decoded(k))
    out["events"].append(e)
json.dump(out, sys.stdout)
`

// icsValue is a date, a date-time or a duration as the script prints it.
type icsValue struct {
	Date     string
	DateTime string `json:"datetime"`
	Seconds  int
}

// parsedICS is a calendar as the script prints it.
type parsedICS struct {
	Calendar struct {
		Version, ProdID, CalScale string
		Name                      string `json:"x-wr-calname"`
	}
	Errors []string
	Events []struct {
		UID, Summary, Description, URL    string
		DTStart, DTEnd, DTStamp, Duration icsValue
	}
}

// parse runs the script on a calendar.
func parse(t *testing.T, python string, body []byte) parsedICS {
	t.Helper()
	cmd := exec.Command(python, "-c", parseICS)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("icalendar cannot read the feed: %v\n%s\n%s", err, stderr.String(), body)
	}
	var c parsedICS
	must(t, json.Unmarshal(out, &c))
	return c
}

// TestCalendarFeed makes a feed on the calendar page, reads it with
// python's icalendar as a calendar application would, replaces it and
// turns it off; and makes one through the API.
func TestCalendarFeed(t *testing.T) {
	python := icsPython(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := dayFixture(t, s)
		ctx := context.Background()
		am1p, err := s.PrincipalFor(ctx, f.am1.ID)
		must(t, err)
		today := kam.DateOf(time.Now())
		// (Not a backslash before an n: icalendar 4.0.3 reads the escaped
		// backslash and the n as a line break. package ics tests that case.)
		long := "QBR prep; bring figures, slides\\figures – Île-de-France, Åland & Östergötland: the whole Nordic region"
		must(t, s.CreateTask(ctx, am1p, &kam.Task{AccountID: f.group.ID, Title: long, Due: today.AddDays(2)}))
		must(t, s.CreateTask(ctx, am1p, &kam.Task{Title: "Expenses", Due: today.AddDays(-1)}))
		am1 := f.login(t, "am1")

		wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200, `href="/calendar"`)
		wantPage(t, f.do(t, "GET", "/calendar", cookie(am1)), 200, "<h1>Calendar feed</h1>", "No feed yet", `value="new">Create feed URL</button>`)
		if w := f.do(t, "GET", "/calendar"); w.Code != 303 {
			t.Errorf("signed out: status %d", w.Code)
		}

		newURL := func() string {
			t.Helper()
			body := wantPage(t, f.do(t, "POST", "/calendar", cookie(am1), form(url.Values{"do": {"new"}})), 200,
				"Your feed URL", "cannot show it again", `href="webcal://example.com/calendar/kamcal_`, "Your feed is on",
				"Make a new URL (the old one stops working)", "Turn off", "No calendar has fetched it yet.")
			m := feedURL.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no feed URL on the page:\n%s", body)
			}
			return m[1]
		}
		first := newURL()

		w := f.do(t, "GET", first)
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Fatalf("feed: status %d, type %q\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		raw := w.Body.String()
		for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
				t.Errorf("line %d is %d octets or has a bare line break: %q", i+1, len(line), line)
			}
		}
		c := parse(t, python, w.Body.Bytes())
		if len(c.Errors) > 0 || c.Calendar.Version != "2.0" || c.Calendar.ProdID == "" || c.Calendar.CalScale != "GREGORIAN" ||
			c.Calendar.Name != "kam · Alex Morgan" {
			t.Errorf("calendar %+v, errors %v", c.Calendar, c.Errors)
		}
		type seen struct{ summary, start, end string }
		got := map[string]seen{}
		group := "http://example.com/accounts/" + strconv.FormatInt(f.group.ID, 10)
		for _, e := range c.Events {
			kind, _, _ := strings.Cut(e.UID, "-")
			start, end := e.DTStart.Date, e.DTEnd.Date
			if e.DTStart.DateTime != "" {
				start, end = e.DTStart.DateTime, strconv.Itoa(e.Duration.Seconds)+"s"
			}
			got[kind+" "+e.Summary] = seen{e.Summary, start, end}
			if !strings.HasSuffix(e.UID, "@kam") || e.DTStamp.DateTime == "" || !strings.HasPrefix(e.URL, "http://example.com/") {
				t.Errorf("event %+v", e)
			}
			if strings.Contains(e.Summary, "Zeta") || strings.Contains(e.Description, "Zeta") {
				t.Errorf("am1's feed shows am2's account: %+v", e)
			}
			if strings.Contains(e.Summary, "Nordic Foods Group") && (e.URL != group || !strings.Contains(e.Description, "Account: Nordic Foods Group\n")) {
				t.Errorf("event on the group: %+v", e)
			}
			if strings.HasPrefix(e.Summary, "Contract ends: Frame") && !strings.Contains(e.Description, "Value: 90,000 EUR") {
				t.Errorf("contract without its value: %q", e.Description)
			}
		}
		d := func(n int) string { return today.AddDays(n).String() }
		// The visit is at its time, three days from when the fixture was made.
		visitKey := "visit Visit: Plant tour in Espoo · Nordic Foods Group"
		if at, err := time.Parse(time.RFC3339, got[visitKey].start); err != nil || time.Until(at) > 72*time.Hour || time.Until(at) < 71*time.Hour {
			t.Errorf("visit at %q", got[visitKey].start)
		}
		for key, want := range map[string]seen{
			"task Task: " + long + " · Nordic Foods Group":                                 {start: d(2), end: d(3)},
			"task Task: Expenses":                                                          {start: d(-1), end: d(0)},
			"renewal Contract ends: Frame agreement <b>2025</b> · Nordic Foods Group":      {start: d(10), end: d(11)},
			"notice Last day for notice: Frame agreement <b>2025</b> · Nordic Foods Group": {start: d(-20), end: d(-19)},
			"notice Last day for notice: Service contract · Nordic Foods Group":            {start: d(15), end: d(16)},
			"renewal Contract ends: Service contract · Nordic Foods Group":                 {start: d(60), end: d(61)},
			"close Deal due to close: Cold store retrofit · Nordic Foods Group":            {start: d(5), end: d(6)},
			visitKey: {end: "3600s"},
		} {
			g := got[key]
			if key == visitKey {
				g.start = ""
			}
			if g.start != want.start || g.end != want.end {
				t.Errorf("%s: %+v, want %+v; the events are %q", key, g, want, got)
			}
		}
		if len(got) != 8 {
			t.Errorf("%d events: %v", len(got), got)
		}

		// A new URL replaces the old, which then is unknown; neither
		// reaches the request log.
		second := newURL()
		if w := f.do(t, "GET", first); w.Code != 404 {
			t.Errorf("old URL: status %d", w.Code)
		}
		if w := f.do(t, "GET", second); w.Code != 200 {
			t.Errorf("new URL: status %d", w.Code)
		}
		wantPage(t, f.do(t, "GET", "/calendar", cookie(am1)), 200, "A calendar last fetched it on")
		if !strings.Contains(f.log.String(), "path=/calendar/(secret).ics status=200") {
			t.Errorf("the feed's requests are not logged as such:\n%s", f.log)
		}
		for _, secret := range []string{first, second} {
			if strings.Contains(f.log.String(), strings.TrimSuffix(strings.TrimPrefix(secret, "/calendar/"), ".ics")) {
				t.Errorf("the log holds a feed secret:\n%s", f.log)
			}
		}

		// Turned off, the URL is unknown.
		w = f.do(t, "POST", "/calendar", cookie(am1), form(url.Values{"do": {"off"}}))
		if w.Code != 303 || w.Header().Get("Location") != "/calendar?done=off" {
			t.Fatalf("turn off: %d %s", w.Code, w.Header().Get("Location"))
		}
		wantPage(t, f.do(t, "GET", "/calendar?done=off", cookie(am1)), 200, "Your calendar feed is off", "Create feed URL")
		for _, path := range []string{second, "/calendar/kamcal_nothing.ics", "/calendar/" + strings.Repeat("x", 60), strings.TrimSuffix(second, ".ics")} {
			if w := f.do(t, "GET", path); w.Code != 404 {
				t.Errorf("GET %s: status %d", path, w.Code)
			}
		}
		wantPage(t, f.do(t, "POST", "/calendar", cookie(am1), form(url.Values{"do": {"maybe"}})), 400)

		// The API: a read-only token may not make a feed; a token that may
		// write makes one and ends it.
		if w := f.do(t, "POST", "/api/v1/calendar/feed", bearer(f.readToken)); w.Code != 403 {
			t.Errorf("read-only token: status %d", w.Code)
		}
		_, token, err := s.CreateToken(ctx, am1p, "am1", "calendar", false, nil)
		must(t, err)
		w = f.do(t, "POST", "/api/v1/calendar/feed", bearer(token))
		var created struct{ Data struct{ URL string } }
		if w.Code != 201 || json.Unmarshal(w.Body.Bytes(), &created) != nil || !strings.HasPrefix(created.Data.URL, "http://example.com/calendar/kamcal_") {
			t.Fatalf("create by API: %d %s", w.Code, w.Body)
		}
		path := strings.TrimPrefix(created.Data.URL, "http://example.com")
		if w := f.do(t, "GET", path); w.Code != 200 || !strings.Contains(w.Body.String(), "BEGIN:VCALENDAR\r\n") {
			t.Errorf("feed made by API: %d", w.Code)
		}
		if w := f.do(t, "DELETE", "/api/v1/calendar/feed", bearer(token)); w.Code != 204 {
			t.Errorf("delete by API: %d %s", w.Code, w.Body)
		}
		if w := f.do(t, "GET", path); w.Code != 404 {
			t.Errorf("feed after DELETE: %d", w.Code)
		}
		if w := f.do(t, "POST", "/api/v1/calendar/feed"); w.Code != 401 {
			t.Errorf("API without a token: %d", w.Code)
		}
	})
}
