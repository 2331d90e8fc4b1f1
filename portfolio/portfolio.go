// Package portfolio puts kam's insights together for each account: from
// its history as of a day it computes the figures, products, flags and
// health that the store keeps. It is the one place that decides what a
// recompute computes, so that the command line, the web and the API agree.
package portfolio

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// Options tune what is computed; the zero value takes the defaults.
type Options struct {
	Flags insight.AccountOptions
}

// Compute returns the function a recompute or refresh calls per account.
func Compute(opt Options) store.ComputeFunc {
	return func(a *kam.Account, h *insight.History, asOf kam.Date) store.Computed {
		return store.Computed{
			Own:   insight.Summarise(h, asOf),
			Flags: insight.AccountFlags(h, asOf, opt.Flags),
		}
	}
}
