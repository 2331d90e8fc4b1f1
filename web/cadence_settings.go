package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// cadenceSettingsPage is the administrators' form of the cadence of each
// tier and the list of lost reasons.
type cadenceSettingsPage struct {
	layout
	Tabs    []option
	Tiers   []tierCadenceRow
	Reasons string // one a line
	Notice  string
	Error   string
}

// tierCadenceRow is one tier's cadence field.
type tierCadenceRow struct {
	Tier, Label, Days string
	Default           int
}

// cadenceSettings gathers the settings page with the stored values.
func (a *App) cadenceSettings(r *http.Request) (*cadenceSettingsPage, error) {
	p := httpx.Principal(r.Context())
	if !p.IsAdmin() {
		return nil, kam.Errorf(kam.EFORBIDDEN, "Only an administrator may change the cadence and the lost reasons.")
	}
	tc, err := a.st.TierCadence(r.Context())
	if err != nil {
		return nil, err
	}
	reasons, err := a.st.LostReasons(r.Context())
	if err != nil {
		return nil, err
	}
	d := &cadenceSettingsPage{layout: layout{Title: "Cadence and attrition settings", Nav: "calls"}, Tabs: callsTabs("/calls/settings", p),
		Reasons: strings.Join(reasons, "\n")}
	for _, t := range kam.Tiers {
		d.Tiers = append(d.Tiers, tierCadenceRow{Tier: t, Label: label(t), Days: strconv.Itoa(tc.Days(t)), Default: kam.DefaultTierCadence().Days(t)})
	}
	return d, nil
}

// CadenceSettings serves GET /calls/settings (administrators).
func (a *App) CadenceSettings(w http.ResponseWriter, r *http.Request) {
	d, err := a.cadenceSettings(r)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") != "" {
		d.Notice = "Saved. Flags and the contact queue follow the new cadence from the next roll-up of each account."
	}
	a.render(w, r, http.StatusOK, "calls_settings", d)
}

// SaveCadenceSettings serves POST /calls/settings: the days of each tier
// and the lost reasons (one a line), both checked before either is saved.
func (a *App) SaveCadenceSettings(w http.ResponseWriter, r *http.Request) {
	d, err := a.cadenceSettings(r)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	if !a.readForm(w, r) {
		return
	}
	days := map[string]int{}
	for i, t := range d.Tiers {
		d.Tiers[i].Days = strings.TrimSpace(r.PostForm.Get("days_" + t.Tier))
		n, cerr := strconv.Atoi(d.Tiers[i].Days)
		if cerr != nil {
			n = 0 // refused below, by its tier
		}
		days[t.Tier] = n
	}
	d.Reasons = r.PostForm.Get("reasons")
	var reasons []string
	for _, line := range strings.Split(d.Reasons, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			reasons = append(reasons, line)
		}
	}
	tiers, _ := json.Marshal(days)
	list, _ := json.Marshal(reasons)
	p := httpx.Principal(r.Context())
	if _, err = kam.ParseTierCadence(tiers); err == nil {
		_, err = kam.ParseLostReasons(list)
	}
	if err == nil {
		_, err = a.st.SetTierCadence(r.Context(), p, tiers)
	}
	if err == nil {
		_, err = a.st.SetLostReasons(r.Context(), p, list)
	}
	if err == nil {
		http.Redirect(w, r, "/calls/settings?saved=1", http.StatusSeeOther)
		return
	}
	if kam.ErrorCode(err) != kam.EINVALID {
		a.Error(w, r, err)
		return
	}
	d.Error = kam.ErrorMessage(err)
	a.render(w, r, http.StatusBadRequest, "calls_settings", d)
}
