package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// stageCmd sets an account's relational stage.
func (c *cli) stageCmd(args []string) error {
	f := c.newFlags("stage")
	as := f.String("as", "", "act as this user (default: the system)")
	return f.run(args, 2, "an account id and a stage: kam stage 42 mid_kam", func(st *store.Store, pos []string) error {
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return fmt.Errorf("stage: %q is not an account id", pos[0])
		}
		stage, err := score.ParseStage(pos[1])
		if err != nil {
			return fmt.Errorf("stage: %v", err)
		}
		p, err := c.principalAs(st, *as)
		if err != nil {
			return fmt.Errorf("stage: %s", cliMessage(err))
		}
		if err := st.SetStage(kam.WithChannel(c.ctx, "cli"), p, id, string(stage)); err != nil {
			return fmt.Errorf("stage: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Account %d is now at the %s stage.\n", id, stage.Name())
		return nil
	})
}

// configCmd reads or changes a setting.
func (c *cli) configCmd(args []string) error {
	if len(args) == 0 || (args[0] != "get" && args[0] != "set") {
		return fmt.Errorf("config: say get KEY or set KEY FILE; the keys are %s, %s, %s and %s",
			portfolio.SettingHealth, portfolio.SettingClassify, portfolio.SettingKeyAccount, portfolio.SettingCaseSLA)
	}
	verb := args[0]
	f := c.newFlags("config " + verb)
	n, what := 1, "a setting: kam config get key_account"
	if verb == "set" {
		n, what = 2, "a setting and a JSON file (- for standard input): kam config set key_account rules.json"
	}
	return f.run(args[1:], n, what, func(st *store.Store, pos []string) error {
		key := pos[0]
		if verb == "get" {
			if _, ok := portfolio.Settings[key]; !ok {
				return fmt.Errorf("config: %s", cliMessage(portfolio.CheckSetting(key, nil)))
			}
			body, err := st.Setting(c.ctx, key)
			if err != nil {
				return fmt.Errorf("config: %s", cliMessage(err))
			}
			if body == nil {
				fmt.Fprintf(c.stdout, "%s is not set; the default applies. It holds %s.\n", key, portfolio.Settings[key])
				return nil
			}
			fmt.Fprintln(c.stdout, string(body))
			return nil
		}
		var body []byte
		var err error
		if pos[1] == "-" {
			body, err = io.ReadAll(io.LimitReader(c.stdin, 1<<20))
		} else {
			body, err = os.ReadFile(pos[1])
		}
		if err != nil {
			return fmt.Errorf("config: %v", err)
		}
		if err := portfolio.CheckSetting(key, body); err != nil {
			return fmt.Errorf("config: %s", cliMessage(err))
		}
		if err := st.SetSetting(kam.WithChannel(c.ctx, "cli"), kam.System(), key, body); err != nil {
			return fmt.Errorf("config: %s", cliMessage(err))
		}
		fmt.Fprintf(c.stdout, "Set %s. It applies from the next kam recompute or report.\n", key)
		return nil
	})
}

// backtestCmd replays a period and reports how well kam's flags, forecasts
// and recommendations foresaw what happened.
func (c *cli) backtestCmd(args []string) error {
	f := c.newFlags("backtest")
	from := f.String("from", "", "the first day to replay, YYYY-MM-DD")
	to := f.String("to", "", "the last day of data to judge against, YYYY-MM-DD (default today)")
	step := f.Int("step", 30, "days between replayed days")
	asJSON := f.Bool("json", false, "print the results as JSON")
	return f.run(args, 0, "no arguments", func(st *store.Store, _ []string) error {
		if *from == "" {
			return fmt.Errorf("backtest: say which day to start from: --from YYYY-MM-DD")
		}
		start, err := kam.ParseDate(*from)
		if err != nil {
			return fmt.Errorf("backtest: --from: %v", err)
		}
		end, err := parseAsOf(*to, time.Now())
		if err != nil {
			return fmt.Errorf("backtest: %v", err)
		}
		days, err := portfolio.Backtest(c.ctx, st, start, end, *step)
		if err != nil {
			return fmt.Errorf("backtest: %s", cliMessage(err))
		}
		if *asJSON {
			return c.printJSON(days)
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "AS OF\tACCOUNTS\tFLAG PRECISION\tFLAG RECALL\tFORECAST WAPE\tSEASONAL NAIVE\tRECALL@10\tPOPULAR\t\n")
		for _, d := range days {
			fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t\n", d.AsOf, d.Accounts, d.Precision, d.Recall,
				d.ForecastWAPE, d.SeasonalNaiveWAPE, d.RecallAt10, d.PopularRecall)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, "Each day is judged on the 90 days after it. A decline is an account buying under half its usual rate.")
		return nil
	})
}
