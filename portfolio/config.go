package portfolio

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/store"
)

// The settings an admin can change, by key (kam config set KEY FILE).
const (
	SettingHealth     = "health_weights"
	SettingClassify   = "classification"
	SettingKeyAccount = "key_account"
	SettingCaseSLA    = kam.SettingCaseSLA
)

// Settings lists the setting keys with what each holds.
var Settings = map[string]string{
	SettingHealth:     `the weights of the health score's parts, e.g. {"purchase_trend": 40, "payment": 20, "cases": 10, "engagement": 20, "coverage": 10}`,
	SettingClassify:   `the classification criteria, threshold and quadrant labels, e.g. {"threshold": 50, "labels": "4s"}`,
	SettingKeyAccount: `the company's definition of a key account as rules, e.g. {"any": [{"field": "tier", "op": "=", "value": "key"}, {"field": "revenue_12m", "op": ">=", "value": 250000}]}`,
	SettingCaseSLA:    `the service level of cases: hours from opening to due by severity, e.g. {"critical": 8, "high": 48, "medium": 120, "low": 240} (the defaults)`,
}

// Config is what the settings make of kam's scores.
type Config struct {
	Health     score.HealthWeights
	Classify   score.ClassifyConfig
	KeyAccount score.Rule
	CaseSLA    kam.CaseSLA
}

// DefaultKeyAccountRule is the definition of a key account until an admin
// sets the company's own: an account in the key tier, or one the matrix
// says to invest in for growth.
func DefaultKeyAccountRule() score.Rule {
	return score.Rule{Any: []score.Rule{
		{Field: score.FieldTier, Op: "=", Value: "key"},
		{Field: score.FieldQuadrant, Op: "=", Value: string(score.InvestForGrowth)},
	}}
}

// LoadConfig reads the settings, taking the default for each one not set.
func LoadConfig(ctx context.Context, st *store.Store) (Config, error) {
	cfg := Config{Health: score.DefaultHealthWeights, Classify: score.DefaultClassifyConfig(), KeyAccount: DefaultKeyAccountRule(),
		CaseSLA: kam.DefaultCaseSLA()}
	for key := range Settings {
		body, err := st.Setting(ctx, key)
		if err != nil {
			return cfg, err
		}
		if body == nil {
			continue
		}
		if err := cfg.apply(key, body); err != nil {
			return cfg, fmt.Errorf("setting %s: %w", key, err)
		}
	}
	return cfg, nil
}

// CheckSetting parses a setting's body, reporting what is wrong with it.
func CheckSetting(key string, body []byte) error {
	if _, ok := Settings[key]; !ok {
		return kam.FieldError("key", "There is no setting %q; the settings are %s, %s, %s and %s.", key, SettingHealth, SettingClassify, SettingKeyAccount, SettingCaseSLA)
	}
	var cfg Config
	if err := cfg.apply(key, body); err != nil {
		return kam.FieldError(key, "%s", err.Error())
	}
	return nil
}

func (c *Config) apply(key string, body []byte) error {
	if !json.Valid(body) {
		return fmt.Errorf("the setting is not valid JSON")
	}
	var err error
	switch key {
	case SettingHealth:
		c.Health, err = score.ParseHealthWeights(body)
	case SettingClassify:
		c.Classify, err = score.ParseClassifyConfig(body)
	case SettingKeyAccount:
		c.KeyAccount, err = score.ParseRules(body)
	case SettingCaseSLA:
		c.CaseSLA, err = kam.ParseCaseSLA(body)
	}
	return err
}
