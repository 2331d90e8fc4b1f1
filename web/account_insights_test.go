package web_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestAccountInsights checks the Insights section of an account page before
// and after a recompute, the stage form and who may use it, and the empty
// states of accounts with nothing or only returns bought.
func TestAccountInsights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		x := newSite(t, s)
		target := fmt.Sprintf("/accounts/%d", x.target.ID)
		stage := target + "/stage"

		x.page(t, "am1", target, 200, []string{
			"Not computed yet: run <code>kam recompute</code>.", // health
			"Not classified yet, and no relational stage set.",
			"Forecast, next 3 months", "80% between",
			"Pressure &lt;sensor&gt;", // the product, escaped
		}, nil)

		x.recompute(t)
		x.page(t, "am1", target, 200, []string{
			"Nordic &lt;b&gt;Foods&lt;/b&gt;", // the name, escaped
			// Health, each part with its share, score and explanation.
			`class="health-score`, "Purchase trend", "Payment behaviour", "Case load", "Engagement recency", "Buying-centre coverage",
			"No open cases.", "left out",
			// Buying, with the chart and its text alternative.
			"Revenue, 12 months", "Every 30 days", `<svg viewBox="0 0 720 190" role="img"`, "<title>", "Monthly revenue as a table",
			// The forecast.
			"Forecast, next 3 months", "80% between", "backtest",
			// Products and what to offer next, with its reason and the next order.
			"90%", // the sensor's price against its list
			"What to offer next", "Ball valve", "Bought by 75% of accounts that buy Pressure &lt;sensor&gt; (3 of 4)",
			"Next order", "Orders every 30 days",
			// The stage form, with the six stages.
			`action="` + stage + `"`, `<option value="pre_kam">Pre-KAM</option>`, `<option value="uncoupling_kam">Uncoupling KAM</option>`,
		}, []string{"<b>Foods", "<sensor>", "Not computed yet"})

		// Setting the stage.
		w := x.send("am1", "POST", stage, url.Values{"stage": {"partnership"}})
		if w.Code != 303 || w.Header().Get("Location") != target+"?saved=stage#standing" {
			t.Fatalf("set stage: %d %q", w.Code, w.Header().Get("Location"))
		}
		hist, err := s.ClassificationHistory(context.Background(), kam.System(), x.target.ID)
		if err != nil || len(hist) == 0 || hist[0].Stage != "partnership_kam" {
			t.Fatalf("stage history %+v, %v", hist, err)
		}
		x.page(t, "am1", target+"?saved=stage", 200, []string{"Relational stage saved.", "<dd>Partnership KAM</dd>",
			`<option value="partnership_kam" selected>Partnership KAM</option>`}, nil)
		checkBody(t, "bad stage", x.send("am1", "POST", stage, url.Values{"stage": {"best_friends"}}), 400,
			[]string{`role="alert">Relational stage &#34;best_friends&#34; is not one of`, "Purchase trend"}, nil)
		checkBody(t, "no stage", x.send("am1", "POST", stage, url.Values{}), 400, []string{"Choose a relational stage."}, nil)

		// Another account manager's account is not found, page and form alike.
		x.page(t, "am2", target, 404, nil, []string{"Nordic"})
		checkBody(t, "stage of another's account", x.send("am2", "POST", stage, url.Values{"stage": {"early_kam"}}), 404, nil, []string{"Nordic"})
		checkBody(t, "stage of a malformed id", x.send("am1", "POST", "/accounts/x/stage", url.Values{"stage": {"early_kam"}}), 404, nil, nil)
		// A viewer sees the standing but gets no form, and may not post one.
		x.page(t, "viewer", target, 200, []string{"Partnership KAM", "Purchase trend"}, []string{`action="` + stage + `"`})
		checkBody(t, "viewer sets stage", x.send("viewer", "POST", stage, url.Values{"stage": {"early_kam"}}), 403,
			[]string{"may view account"}, nil)
		hist, _ = s.ClassificationHistory(context.Background(), kam.System(), x.target.ID)
		if hist[0].Stage != "partnership_kam" {
			t.Errorf("stage changed by a refused request: %+v", hist[0])
		}

		// Accounts with nothing, or only returns, bought.
		x.page(t, "am1", fmt.Sprintf("/accounts/%d", x.empty.ID), 200, []string{
			"No orders yet", "Too few orders to tell", "No revenue in the last 24 months.", "No products bought in the last 12 months.",
			"Not enough history to forecast", "only best sellers", "Not enough history: 0 order days",
		}, []string{"<svg"})
		x.page(t, "am1", fmt.Sprintf("/accounts/%d", x.returns.ID), 200, []string{
			"No orders yet", "-200 EUR", `class="bar negative`, "Not enough history to forecast",
		}, nil)
	})
}

// TestCrossSiteStage checks that another site cannot set a stage with the
// user's cookie.
func TestCrossSiteStage(t *testing.T) {
	x := newSite(t, storetest.Open(t, "sqlite"))
	r := x.send("am1", "POST", fmt.Sprintf("/accounts/%d/stage", x.target.ID), url.Values{"stage": {"early_kam"}})
	if r.Code != 303 {
		t.Fatalf("same-origin post: %d", r.Code)
	}
	w := x.crossSite("am1", fmt.Sprintf("/accounts/%d/stage", x.target.ID), url.Values{"stage": {"mid_kam"}})
	hist, err := x.st.ClassificationHistory(context.Background(), kam.System(), x.target.ID)
	if w.Code != 403 || err != nil || hist[0].Stage != "early_kam" {
		t.Errorf("cross-site post: %d, stage %+v, %v", w.Code, hist, err)
	}
}
