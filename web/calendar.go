package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ics"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The calendar page lets a user make, replace and turn off the secret URL
// of their calendar feed, and the feed itself is served at that URL to
// whoever holds it, as calendar applications send no session.

// calendarRefresh is how often the feed asks applications to fetch it again.
const calendarRefresh = time.Hour

// visitLength is how long a visit or meeting is shown in the calendar;
// activities are stored with their start only.
const visitLength = time.Hour

// calendarPage is the data of the calendar page.
type calendarPage struct {
	layout
	// Feed is the user's feed, nil when they have none.
	Feed *store.CalendarFeed
	// URL is the feed's address, shown once, right after it is made; Webcal
	// is the same as webcal://, which opens a calendar application.
	URL    string
	Webcal template.URL
	Notice string
	// DaysBack and DaysAhead are the feed's window.
	DaysBack, DaysAhead int
}

// Calendar serves GET /calendar: the state of the user's calendar feed, with
// buttons to make a URL, replace it and turn the feed off.
func (a *App) Calendar(w http.ResponseWriter, r *http.Request) {
	notice := ""
	if r.URL.Query().Get("done") == "off" {
		notice = "Your calendar feed is off: its URL no longer works."
	}
	a.renderCalendar(w, r, "", notice)
}

// CalendarAction serves POST /calendar: do=new makes a feed URL, replacing
// the one there was, and shows it this once; do=off turns the feed off.
func (a *App) CalendarAction(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	ctx, p := r.Context(), httpx.Principal(r.Context())
	switch r.PostForm.Get("do") {
	case "new":
		secret, err := a.st.CreateCalendarFeed(ctx, p)
		if err != nil {
			a.Error(w, r, err)
			return
		}
		a.renderCalendar(w, r, secret, "")
	case "off":
		if err := a.st.RevokeCalendarFeed(ctx, p); err != nil {
			a.Error(w, r, err)
			return
		}
		http.Redirect(w, r, "/calendar?done=off", http.StatusSeeOther)
	default:
		a.Error(w, r, kam.Errorf(kam.EINVALID, "Choose whether to make a new feed URL or turn the feed off."))
	}
}

// renderCalendar renders the calendar page, with the URL of secret when a
// feed was just made.
func (a *App) renderCalendar(w http.ResponseWriter, r *http.Request, secret, notice string) {
	feed, err := a.st.FindCalendarFeed(r.Context(), httpx.Principal(r.Context()))
	if err != nil && kam.ErrorCode(err) != kam.ENOTFOUND {
		a.Error(w, r, err)
		return
	}
	d := &calendarPage{layout: layout{Title: "Calendar feed"}, Feed: feed, Notice: notice,
		DaysBack: store.CalendarDaysBack, DaysAhead: store.CalendarDaysAhead}
	if secret != "" {
		path := store.CalendarFeedPath(secret)
		d.URL = httpx.Origin(r, a.opts.SecureCookies) + path
		// A URL kam makes of the request's host and a secret of URL-safe
		// characters; html/template would refuse the webcal scheme.
		d.Webcal = template.URL("webcal://" + r.Host + path)
	}
	a.render(w, r, http.StatusOK, "calendar", d)
}

// CalendarFeed serves GET /calendar/{file}, file being SECRET.ics: the
// iCalendar feed of the user whose secret it is, from CalendarDaysBack
// days ago to CalendarDaysAhead days ahead. An unknown secret is 404.
func (a *App) CalendarFeed(w http.ResponseWriter, r *http.Request) {
	// Logs write the path through httpx.LogPath, which leaves the secret out.
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	ctx := r.Context()
	if !ok {
		secret = ""
	}
	p, err := a.st.CalendarFeedPrincipal(ctx, secret)
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "There is no calendar feed at this address.", http.StatusNotFound)
		return
	}
	var u *kam.User
	var events []store.CalendarEvent
	if err == nil {
		u, err = a.st.FindUserByID(ctx, p.UserID)
	}
	now := a.st.Now()
	if err == nil {
		today := kam.DateOf(now)
		events, err = a.st.CalendarEvents(ctx, p, today.AddDays(-store.CalendarDaysBack), today.AddDays(store.CalendarDaysAhead))
	}
	if err != nil {
		httpx.LogInternal(a.log, r, err)
		http.Error(w, "The calendar could not be read; it will be tried again.", http.StatusInternalServerError)
		return
	}
	origin := httpx.Origin(r, a.opts.SecureCookies)
	cal := &ics.Calendar{ProdID: "-//kam//kam calendar feed//EN", Name: "kam · " + u.Name(), Refresh: calendarRefresh}
	for _, e := range events {
		cal.Events = append(cal.Events, calendarEvent(e, now, origin))
	}
	var buf bytes.Buffer
	if _, err := cal.WriteTo(&buf); err != nil {
		httpx.LogInternal(a.log, r, err)
		http.Error(w, "The calendar could not be written.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="kam.ics"`)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Robots-Tag", "noindex")
	w.Write(buf.Bytes())
}

// calendarEvent is the iCalendar event of a calendar event: a visit at its
// time, everything else on its day; summarised as My day words it, with
// the account, the figures and a link to the account in the description.
func calendarEvent(e store.CalendarEvent, now time.Time, origin string) ics.Event {
	what := upcomingWords[e.Kind]
	if e.Kind == store.CalendarTask {
		what = "Task"
	}
	out := ics.Event{UID: e.UID, Stamp: now, Start: e.Date.Time(), AllDay: true, Summary: what + ": " + e.Title, Categories: []string{what}}
	if e.At != nil {
		out.Start, out.AllDay, out.Duration = *e.At, false, visitLength
	}
	var desc []string
	if e.AccountID != 0 {
		out.Summary += " · " + e.AccountName
		out.URL = origin + "/accounts/" + strconv.FormatInt(e.AccountID, 10)
		desc = append(desc, "Account: "+e.AccountName)
	} else {
		out.URL = origin + "/"
	}
	desc = append(desc, what+": "+e.Title)
	if e.Amount != 0 {
		label := "Value"
		if e.Kind == store.UpcomingClose {
			label = "Amount"
		}
		desc = append(desc, label+": "+money(e.Amount, e.Currency))
	}
	out.Description = strings.Join(append(desc, "", "Open in kam: "+out.URL), "\n")
	return out
}
