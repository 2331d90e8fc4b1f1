// Package portfolio puts kam's insights together for each account: from
// its history as of a day it computes the figures, flags and health that
// the store keeps, and over a whole portfolio the forecasts, classification,
// RFM segments and recommendations. It is the one place that decides what a
// recompute computes, so that the command line, the web and the API agree.
package portfolio

import (
	"encoding/json"
	"math"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/store"
)

// Options tune what is computed; the zero value takes the defaults.
type Options struct {
	Flags insight.AccountOptions
	// Health weighs the parts of the health score (default
	// score.DefaultHealthWeights).
	Health *score.HealthWeights
}

// Compute returns the function a recompute or refresh calls per account.
func Compute(opt Options) store.ComputeFunc {
	weights := score.DefaultHealthWeights
	if opt.Health != nil {
		weights = *opt.Health
	}
	return func(a *kam.Account, h *insight.History, asOf kam.Date) store.Computed {
		c := store.Computed{
			Own:   insight.Summarise(h, asOf),
			Flags: insight.AccountFlags(h, asOf, opt.Flags),
		}
		if a.Status != kam.StatusLost {
			c.Queue = &insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: a.Currency,
				Revenue12M: c.Own.Revenue12M, LastContact: h.LastContact(), CadenceDays: h.CadenceDays, OwnCadence: h.OwnCadence}
		}
		if hs, err := score.Health(HealthInput(h, asOf), weights); err == nil && hs.Band != score.BandUnknown {
			// The history keeps each part's score; the explanations are
			// written again whenever a page shows the health.
			parts := map[string]float64{}
			for _, p := range hs.Parts {
				if p.EnoughData {
					parts[p.Key] = math.Round(p.Score*10) / 10
				}
			}
			if body, err := json.Marshal(parts); err == nil {
				c.Health, c.HealthBody, c.HasHealth = int(math.Round(hs.Score)), body, true
			}
		}
		c.Forecast = storedForecast(AccountForecastOf(h, asOf, forecast.Options{Horizon: StoredForecastMonths}))
		return c
	}
}

// StoredForecastMonths is how many months ahead recompute keeps each
// account's forecast: the current month and five more, so that the next
// quarter is always covered.
const StoredForecastMonths = 6

// storedForecast is a forecast as the store keeps it: each month's point
// and its share of the standard error.
func storedForecast(f forecast.Forecast) []store.ForecastMonth {
	total := f.Total.Float()
	var out []store.ForecastMonth
	for _, m := range f.Months {
		sd := 0.0
		if total > 0 {
			sd = f.StdErr.Float() * m.Point.Float() / total
		}
		out = append(out, store.ForecastMonth{Month: int(m.Month), Point: m.Point.Float(), SD: sd})
	}
	return out
}
