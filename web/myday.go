package web

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// How much of each list My day shows, and how far ahead it looks.
const (
	dayQueueSize    = 10
	dayFlagsSize    = 8
	dayUpcomingSize = 12
	dayAheadDays    = 30
	dayTasksSize    = 20
	dayTaskDays     = 7 // tasks due within a week
	dayCasesSize    = 8
	dayPlanSize     = 8
	dayReviewDays   = 7 // plan reviews due within a week
)

// dayPage is the data of My day.
type dayPage struct {
	layout
	Greeting string
	Today    kam.Date
	Notice   string
	Queue    []queueRow
	Flags    []*kam.AccountFlag
	// Tasks are the user's open tasks due within a week, overdue first.
	Tasks []taskRow
	// MoreFlags is set when there are more open flags than listed.
	MoreFlags bool
	Upcoming  []upcomingRow
	// Cases are the unresolved cases past their due day, the most overdue
	// first; MoreCases is set when there are more.
	Cases     []caseRow
	MoreCases bool
	// Plans are the open plan actions the user owns due within 30 days
	// (late ones too) and the reviews due within a week of plans of the
	// user's accounts; MorePlans is set when there are more.
	Plans     []planDueRow
	MorePlans bool
	// Approvals are the discount requests waiting for the user's decision
	// and the user's own with news; nil when there are none.
	Approvals *dayApprovals
}

// queueRow is an account to contact, with a form to log the contact.
type queueRow struct {
	store.QueueEntry
	Capture *captureForm
}

// taskRow is an open task with how late or soon it is due.
type taskRow struct {
	*store.TaskRow
	When    string // "today", "in 3 days", "2 days late"
	Overdue bool
}

// upcomingRow is one thing coming up, with words for its kind and how soon.
type upcomingRow struct {
	store.Upcoming
	What string // "Contract ends", "Notice deadline", ...
	When string // "today", "tomorrow", "in 5 days"
	Soon bool   // within a week
}

// planDueRow is a plan action or review due, with how late or soon.
type planDueRow struct {
	store.PlanDue
	When string // "today", "in 3 days", "2 days late"
	Late bool
}

// planDayNotice is what My day says after an action was marked done there.
var planDayNotice = map[string]string{"done": "Plan action marked done."}

// upcomingWords names each kind of upcoming event.
var upcomingWords = map[string]string{
	store.UpcomingRenewal:  "Contract ends",
	store.UpcomingNotice:   "Last day for notice",
	store.UpcomingClose:    "Deal due to close",
	store.UpcomingNextStep: "Next step due",
	store.UpcomingVisit:    "Visit",
}

// MyDay serves GET /: whom to contact this morning and why (with a form to
// log the call on each row), the user's tasks due within a week, the change
// flags still open, and what comes due in the next 30 days.
func (a *App) MyDay(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	now := a.st.Now()
	today := kam.DateOf(now)
	d := &dayPage{
		layout:   layout{Title: "My day", Nav: "day"},
		Greeting: greeting(now, currentUser(ctx)),
		Today:    today,
		Notice:   cmp.Or(flagDone[r.URL.Query().Get("done")], planDayNotice[r.URL.Query().Get("plan")]),
	}
	queue, err := a.st.QueueTop(ctx, p, dayQueueSize)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, e := range queue {
		row := queueRow{QueueEntry: e}
		// Only an account the user may change gets a form to log a call.
		editable, err := a.st.CanEditAccount(ctx, p, e.AccountID)
		if err != nil && kam.ErrorCode(err) != kam.ENOTFOUND {
			a.Error(w, r, err)
			return
		}
		if editable {
			row.Capture = captureFor(&kam.Account{ID: e.AccountID, Name: e.Name}, "/")
		}
		d.Queue = append(d.Queue, row)
	}
	tasks, err := a.st.FindTasks(ctx, p, store.TaskFilter{AssigneeID: p.UserID, DueBy: today.AddDays(dayTaskDays), Limit: dayTasksSize})
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, t := range tasks {
		days := today.DaysUntil(t.Due)
		d.Tasks = append(d.Tasks, taskRow{TaskRow: t, When: dueIn(days), Overdue: days < 0})
	}
	if d.Flags, d.MoreFlags, err = a.st.FindTopFlags(ctx, p, store.FlagQuery{Limit: dayFlagsSize}); err != nil {
		a.Error(w, r, err)
		return
	}
	cases, err := a.st.FindCaseList(ctx, p, store.CaseFilter{Overdue: true, Today: today, Limit: dayCasesSize})
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, h := range cases.Cases {
		d.Cases = append(d.Cases, newCaseRow(h, today))
	}
	d.MoreCases = cases.Next != ""
	dues, more, err := a.st.FindPlanDues(ctx, p, today.AddDays(dayAheadDays), today.AddDays(dayReviewDays), dayPlanSize)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, due := range dues {
		days := today.DaysUntil(due.Due)
		d.Plans = append(d.Plans, planDueRow{PlanDue: due, When: dueIn(days), Late: days < 0})
	}
	d.MorePlans = more
	if d.Approvals, err = a.dayApprovals(ctx, p, today); err != nil {
		a.Error(w, r, err)
		return
	}
	upcoming, err := a.st.FindUpcoming(ctx, p, today, today.AddDays(dayAheadDays), dayUpcomingSize)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	for _, u := range upcoming {
		days := today.DaysUntil(u.Date)
		d.Upcoming = append(d.Upcoming, upcomingRow{Upcoming: u, What: upcomingWords[u.Kind], When: inDays(days), Soon: days <= 7})
	}
	a.render(w, r, http.StatusOK, "myday", d)
}

// greeting says good morning, afternoon or evening to the user by first name.
func greeting(now time.Time, u *kam.User) string {
	part := "morning"
	switch h := now.Hour(); {
	case h >= 18:
		part = "evening"
	case h >= 12:
		part = "afternoon"
	}
	if u == nil {
		return "Good " + part
	}
	first, _, _ := strings.Cut(u.Name(), " ")
	return "Good " + part + ", " + first
}

// dueIn says when something is due a number of days ahead: "in 3 days",
// or "2 days late" when the number is negative.
func dueIn(days int) string {
	if days < 0 {
		return plural(-days, "day", "days") + " late"
	}
	return inDays(days)
}

// inDays says how far ahead a number of days is.
func inDays(n int) string {
	switch {
	case n <= 0:
		return "today"
	case n == 1:
		return "tomorrow"
	default:
		return "in " + strconv.Itoa(n) + " days"
	}
}
